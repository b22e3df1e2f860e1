package io.smartmigration.benchmarks;

import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/** Facts about the machine and the JVM, read from /proc and the management beans. */
final class Machine {

    private Machine() {
    }

    /** The 1, 5 and 15 minute load averages, or what the JVM knows when /proc is absent. */
    static String loadAverage() {
        return read("/proc/loadavg").map(s -> {
            String[] parts = s.trim().split("\\s+");
            return parts[0] + " / " + parts[1] + " / " + parts[2] + " (1 / 5 / 15 min)";
        }).orElseGet(() -> String.format("%.2f (1 min)",
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()));
    }

    static String cpuModel() {
        return read("/proc/cpuinfo").flatMap(s -> s.lines().filter(l -> l.startsWith("model name")).findFirst())
                .map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("unknown");
    }

    /** Total and available memory from /proc/meminfo. */
    static String memory() {
        return read("/proc/meminfo").map(s -> {
            long total = kib(s, "MemTotal:");
            long available = kib(s, "MemAvailable:");
            return String.format("%.1f GiB total, %.1f GiB available at start", total / 1048576.0,
                    available / 1048576.0);
        }).orElse("unknown");
    }

    static String jdk() {
        return System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version") + " ("
                + System.getProperty("java.vendor") + ")";
    }

    static String os() {
        return System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch");
    }

    static String jvmArguments() {
        List<String> args = ManagementFactory.getRuntimeMXBean().getInputArguments();
        return args.isEmpty() ? "(none)" : String.join(" ", args);
    }

    static String maxHeap() {
        return Stats.mib(Runtime.getRuntime().maxMemory());
    }

    static String garbageCollectors() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream().map(GarbageCollectorMXBean::getName)
                .collect(Collectors.joining(", "));
    }

    /** The commit of the working tree the jar was built from, when git can tell. */
    static String gitCommit(Path repository) {
        try {
            Process git = new ProcessBuilder("git", "-C", repository.toString(), "rev-parse", "--short", "HEAD")
                    .redirectErrorStream(true).start();
            String out = new String(git.getInputStream().readAllBytes()).trim();
            if (!git.waitFor(10, TimeUnit.SECONDS) || git.exitValue() != 0) {
                return "unknown";
            }
            Process status = new ProcessBuilder("git", "-C", repository.toString(), "status", "--porcelain",
                    "--untracked-files=no").redirectErrorStream(true).start();
            String changes = new String(status.getInputStream().readAllBytes()).trim();
            status.waitFor(10, TimeUnit.SECONDS);
            return changes.isEmpty() ? out : out + " (with uncommitted changes)";
        } catch (IOException e) {
            return "unknown";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }

    private static long kib(String meminfo, String key) {
        return meminfo.lines().filter(l -> l.startsWith(key)).findFirst()
                .map(l -> Long.parseLong(l.replaceAll("[^0-9]", ""))).orElse(0L);
    }

    private static Optional<String> read(String file) {
        try {
            return Optional.of(Files.readString(Path.of(file)));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
