package io.smartmigration.test.internal;

import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The toolkit's settings: JUnit configuration parameters (which include system properties and
 * {@code junit-platform.properties}), then environment variables.
 */
public final class Settings {

    public static final String MONGO_URI = "smartmigration.test.mongo.uri";
    public static final String S3_ENDPOINT = "smartmigration.test.s3.endpoint";
    public static final String S3_ACCESS_KEY = "smartmigration.test.s3.accessKey";
    public static final String S3_SECRET_KEY = "smartmigration.test.s3.secretKey";
    public static final String S3_REGION = "smartmigration.test.s3.region";
    public static final String BACKEND = "smartmigration.test.backend";
    public static final String KEEP = "smartmigration.test.keep";
    public static final String MONGO_IMAGE = "smartmigration.test.mongo.image";
    public static final String LOCALSTACK_IMAGE = "smartmigration.test.localstack.image";

    public static final String DEFAULT_MONGO_IMAGE = "mongo:7.0";
    /**
     * Pinned, never {@code latest}: conditional writes ({@code If-None-Match}, {@code If-Match}, which
     * the S3 ledger relies on) need LocalStack 3.7 or later, its concurrent {@code If-Match} fix came
     * in the 4.x line, and tags after 4.14 (and {@code latest}) need an auth token since March 2026.
     */
    public static final String DEFAULT_LOCALSTACK_IMAGE = "localstack/localstack:4.14";

    private final Function<String, Optional<String>> parameters;
    private final Function<String, String> environment;

    Settings(Function<String, Optional<String>> parameters, Function<String, String> environment) {
        this.parameters = parameters;
        this.environment = environment;
    }

    public static Settings of(ExtensionContext context) {
        return new Settings(context::getConfigurationParameter, System::getenv);
    }

    /** The value of {@code key}, else of the environment variable named like it (SMARTMIGRATION_TEST_MONGO_URI). */
    public Optional<String> get(String key) {
        Optional<String> value = parameters.apply(key).filter(v -> !v.isBlank());
        if (value.isPresent()) {
            return value.map(String::trim);
        }
        String env = environment.apply(envName(key));
        return env == null || env.isBlank() ? Optional.empty() : Optional.of(env.trim());
    }

    /** The value of {@code key}, else the first of these environment variables that is set. */
    public Optional<String> get(String key, String... envFallbacks) {
        Optional<String> value = get(key);
        if (value.isPresent()) {
            return value;
        }
        for (String name : envFallbacks) {
            String env = environment.apply(name);
            if (env != null && !env.isBlank()) {
                return Optional.of(env.trim());
            }
        }
        return Optional.empty();
    }

    public boolean keepOnFailure() {
        return get(KEEP).map(v -> v.equalsIgnoreCase("true")).orElse(false);
    }

    public static String envName(String key) {
        return key.replaceAll("([a-z])([A-Z])", "$1_$2").replace('.', '_').toUpperCase(Locale.ROOT);
    }
}
