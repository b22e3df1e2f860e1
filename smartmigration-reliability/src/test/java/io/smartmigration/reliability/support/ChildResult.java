package io.smartmigration.reliability.support;

import io.smartmigration.ErrorCode;
import io.smartmigration.reliability.app.Progress;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How a child app instance ended: its exit status, and what its last {@code RESULT} or
 * {@code ERROR} line said.
 */
public record ChildResult(String name, int exitCode, Optional<String> outcome, Optional<String> after,
                          Optional<String> applied, Optional<ErrorCode> error, String errorMessage, List<String> output) {

    private static final Pattern FIELD = Pattern.compile("(\\w+)=(\\S*)");

    static ChildResult of(String name, int exitCode, List<String> output) {
        Optional<String> outcome = Optional.empty();
        Optional<String> after = Optional.empty();
        Optional<String> applied = Optional.empty();
        Optional<ErrorCode> error = Optional.empty();
        String message = "";
        for (String line : output) {
            if (line.startsWith(Progress.PREFIX + "RESULT ")) {
                outcome = field(line, "outcome");
                after = field(line, "after");
                applied = field(line, "applied");
            } else if (line.startsWith(Progress.PREFIX + "ERROR ")) {
                String code = field(line, "code").orElse("NONE");
                error = code.equals("NONE") ? Optional.empty() : Optional.of(ErrorCode.valueOf(code));
                int at = line.indexOf(" message=");
                message = at < 0 ? "" : line.substring(at + " message=".length());
            }
        }
        return new ChildResult(name, exitCode, outcome, after, applied, error, message, List.copyOf(output));
    }

    /** The value of {@code key=value} in a protocol line. */
    public static Optional<String> field(String line, String key) {
        Matcher m = FIELD.matcher(line);
        while (m.find()) {
            if (m.group(1).equals(key)) {
                return Optional.of(m.group(2));
            }
        }
        return Optional.empty();
    }

    /** The steps the instance applied (empty when none or on error). */
    public List<String> appliedSteps() {
        return applied.filter(a -> !a.isEmpty()).map(a -> List.of(a.split(","))).orElse(List.of());
    }

    public boolean succeeded() {
        return exitCode == 0 && outcome.isPresent();
    }

    /** The last lines of output, for failure messages. */
    public String tail() {
        return String.join("\n", output.subList(Math.max(0, output.size() - 40), output.size()));
    }

    @Override
    public String toString() {
        return name + " exit " + exitCode + " " + outcome.map(o -> "outcome " + o + " after " + after.orElse("-"))
                .orElseGet(() -> "error " + error.map(Enum::name).orElse("NONE") + ": " + errorMessage);
    }
}
