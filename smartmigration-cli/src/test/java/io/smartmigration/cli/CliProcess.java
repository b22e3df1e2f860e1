package io.smartmigration.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs the CLI as a separate process: {@code java <launch...> <args...>}, bounded in time. */
final class CliProcess {

    private CliProcess() {
    }

    /** The main class on this JVM's class path (the test class path). */
    static List<String> mainClassLaunch() {
        return List.of("-cp", System.getProperty("java.class.path"), SmartMigrationCli.class.getName());
    }

    /** The runnable jar. */
    static List<String> jarLaunch(Path jar) {
        return List.of("-jar", jar.toString());
    }

    static CliResult run(List<String> launch, List<String> args, Map<String, String> env) {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command = new ArrayList<>(List.of(java.toString(), "-Xshare:auto", "-XX:TieredStopAtLevel=1"));
        command.addAll(launch);
        command.addAll(args);
        try {
            Path out = Files.createTempFile("cli-out", ".txt");
            Path err = Files.createTempFile("cli-err", ".txt");
            try {
                ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
                builder.environment().putAll(env);
                Process process = builder.start();
                if (!process.waitFor(60, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new IllegalStateException("the CLI did not finish within 60 s: " + command);
                }
                return new CliResult(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                        Files.readString(err, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
