package io.smartmigration.reliability.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Locale;

/**
 * Appends one row per scenario to {@code target/reliability-report.md} (the figures copied into
 * RELIABILITY.md) and prints it.
 */
public final class Report {

    private static final Path FILE = Path.of(System.getProperty("basedir", "."), "target", "reliability-report.md");

    private Report() {
    }

    public static void row(String scenario, int rounds, List<String> violations, long wallMillis, String detail) {
        String line = String.format(Locale.ROOT, "| %s | %d | %d | %.1f s | %s | %s |%n", scenario, rounds,
                violations.size(), wallMillis / 1000.0, detail, Scale.replayArguments());
        System.out.print("RELIABILITY " + line);
        try {
            Files.createDirectories(FILE.getParent());
            if (!Files.exists(FILE)) {
                Files.writeString(FILE, "| scenario | rounds | violations | wall time | detail | replay |\n|---|---|---|---|---|---|\n",
                        StandardCharsets.UTF_8);
            }
            Files.writeString(FILE, line, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        } catch (IOException e) {
            System.err.println("cannot write " + FILE + ": " + e);
        }
    }
}
