package io.smartmigration.reliability.app;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The command line of an {@link AppInstance}: {@code key=value} pairs, for example
 * {@code chain=items mongo=mongodb://127.0.0.1:41234 db=kill_1 lockTtlMs=2000 batch=100}.
 */
public record AppArgs(Map<String, String> values) {

    public static AppArgs parse(String[] args) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("expected key=value, got '" + arg + "'");
            }
            values.put(arg.substring(0, eq), arg.substring(eq + 1));
        }
        return new AppArgs(Map.copyOf(values));
    }

    public Optional<String> get(String key) {
        return Optional.ofNullable(values.get(key));
    }

    public String require(String key) {
        return get(key).orElseThrow(() -> new IllegalArgumentException("missing argument " + key + "=..."));
    }

    public int intValue(String key, int defaultValue) {
        return get(key).map(Integer::parseInt).orElse(defaultValue);
    }

    public Duration millis(String key, long defaultMillis) {
        return Duration.ofMillis(get(key).map(Long::parseLong).orElse(defaultMillis));
    }
}
