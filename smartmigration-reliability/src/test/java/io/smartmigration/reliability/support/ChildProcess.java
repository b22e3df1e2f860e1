package io.smartmigration.reliability.support;

import io.smartmigration.reliability.app.AppInstance;
import io.smartmigration.reliability.app.Progress;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * One {@link AppInstance} running in its own JVM: started with the test's own java binary and
 * class path, its output captured line by line, and signals sent to it the way an orchestrator
 * would (SIGKILL, SIGSTOP, SIGCONT). {@link #close()} kills it if it still runs.
 */
public final class ChildProcess implements AutoCloseable {

    private static final List<String> JVM_OPTIONS = List.of(
            "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xss512k", "-Xmx256m", "-Xshare:auto");

    private final String name;
    private final Process process;
    private final List<String> output = new ArrayList<>();
    private final Thread reader;
    private final long startedAt = System.nanoTime();

    private ChildProcess(String name, Process process) {
        this.name = name;
        this.process = process;
        this.reader = new Thread(this::pump, "child-output-" + name);
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts {@link AppInstance} with {@code args} ({@code key=value}) in a new JVM. */
    public static ChildProcess start(String name, List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(javaBinary());
        command.addAll(JVM_OPTIONS);
        command.add("-Dsmr.instance=" + name);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(AppInstance.class.getName());
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        try {
            return new ChildProcess(name, builder.start());
        } catch (IOException e) {
            throw new IllegalStateException("cannot start child JVM " + name + ": " + e.getMessage(), e);
        }
    }

    private static String javaBinary() {
        return ProcessHandle.current().info().command()
                .orElse(System.getProperty("java.home") + "/bin/java");
    }

    public String name() {
        return name;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Waits for the first line (since the start) that matches; fails the test with the output otherwise. */
    public String awaitLine(Predicate<String> matches, Duration timeout, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        int seen = 0;
        synchronized (output) {
            while (true) {
                for (; seen < output.size(); seen++) {
                    if (matches.test(output.get(seen))) {
                        return output.get(seen);
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0 || (!process.isAlive() && !reader.isAlive())) {
                    throw new AssertionError(name + ": no line " + what + " within " + timeout
                            + (process.isAlive() ? "" : " (exited " + process.exitValue() + ")") + "; output:\n" + tail());
                }
                try {
                    output.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError("interrupted waiting for " + what, e);
                }
            }
        }
    }

    /** Waits for a protocol line {@code SMR <kind> ...}. */
    public String awaitProtocol(String kind, Duration timeout) {
        return awaitLine(l -> l.startsWith(Progress.PREFIX + kind), timeout, "'" + Progress.PREFIX + kind + "'");
    }

    /** The last {@code SMR BATCH} line so far. */
    public Optional<String> lastBatch() {
        synchronized (output) {
            for (int i = output.size() - 1; i >= 0; i--) {
                if (output.get(i).startsWith(Progress.PREFIX + "BATCH ")) {
                    return Optional.of(output.get(i));
                }
            }
        }
        return Optional.empty();
    }

    /** Writes a line to the child's standard input (the start barrier). */
    public void send(String line) {
        try {
            OutputStream in = process.getOutputStream();
            in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            in.flush();
        } catch (IOException e) {
            throw new IllegalStateException(name + ": cannot write to its standard input: " + e.getMessage(), e);
        }
    }

    /** SIGKILL, then waits for the process to be gone. */
    public void kill9() {
        process.destroyForcibly();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                throw new AssertionError(name + " (pid " + pid() + ") survived SIGKILL for 10 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * SIGTERM, as Kubernetes stops a pod; does not wait. Sent with {@code kill -TERM}, not
     * {@code Process.destroy()} (the same signal on Linux), because {@code destroy()} also closes
     * this side of the child's output, and what the child prints while it shuts down is the result.
     */
    public void sigterm() {
        signal("TERM");
    }

    /** SIGSTOP: the process freezes, every thread included (its lease renewal too). */
    public void pause() {
        signal("STOP");
    }

    /** SIGCONT. */
    public void resume() {
        signal("CONT");
    }

    private void signal(String signal) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid())).redirectErrorStream(true).start();
            if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new IllegalStateException("kill -" + signal + " " + pid() + " failed: "
                        + new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run kill -" + signal + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted sending SIG" + signal, e);
        }
    }

    /** Waits for the child to exit on its own; fails the test (and kills it) after {@code timeout}. */
    public ChildResult awaitExit(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                kill9();
                throw new AssertionError(name + " did not exit within " + timeout + "; killed it. Output:\n" + tail());
            }
            reader.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted waiting for " + name, e);
        }
        synchronized (output) {
            return ChildResult.of(name, process.exitValue(), output);
        }
    }

    /** Seconds since the start. */
    public double ageSeconds() {
        return (System.nanoTime() - startedAt) / 1e9;
    }

    public String tail() {
        synchronized (output) {
            return String.join("\n", output.subList(Math.max(0, output.size() - 40), output.size()));
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            kill9();
        }
    }

    private void pump() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                synchronized (output) {
                    output.add(line);
                    output.notifyAll();
                }
            }
        } catch (IOException e) {
            // the process was killed: its output ends here
        } finally {
            synchronized (output) {
                output.notifyAll();
            }
        }
    }
}
