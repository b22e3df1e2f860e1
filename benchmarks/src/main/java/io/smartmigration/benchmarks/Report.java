package io.smartmigration.benchmarks;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

/** Writes BENCHMARKS.md: the command, the goals, every row's tables, the machine. */
final class Report {

    private final Instant started;
    private final String loadAtStart;
    private final String commit;
    private final String partial;

    Report(Instant started, String loadAtStart, String commit, String partial) {
        this.started = started;
        this.loadAtStart = loadAtStart;
        this.commit = commit;
        this.partial = partial;
    }

    /** The heading of the sections measured by commands of their own, which a run of the suite keeps as they are. */
    static final String MEASURED_ELSEWHERE = "\n## Measured outside the suite";

    /** The part of an existing BENCHMARKS.md from {@link #MEASURED_ELSEWHERE} on; empty when it has none. */
    static String measuredElsewhere(String existing) {
        int at = existing.indexOf(MEASURED_ELSEWHERE);
        return at < 0 ? "" : existing.substring(at);
    }

    String markdown(List<Section> sections, String loadAtEnd, double seconds) {
        StringBuilder md = new StringBuilder();
        md.append("# Benchmarks\n\n");
        md.append("Written by the benchmark suite (`benchmarks/`, `io.smartmigration.benchmarks.Main`); do not edit by hand")
                .append(" (but for the sections \"Measured outside the suite\" at the end, which the suite keeps).")
                .append(" Every row compares candidates measured in this one run, against the same embedded servers,")
                .append(" so the ratios hold on a busy machine even where the absolute times do not.\n\n");
        if (!partial.isEmpty()) {
            md.append("> **Partial run (").append(partial).append(")**: not a full report.\n\n");
        }
        md.append("Command (from the repository root; about ").append(Math.round(seconds / 60.0))
                .append(" min for the suite, plus the build):\n\n```\n").append(Main.COMMAND).append("\n```\n\n");
        md.append("Run ").append(started).append(" at commit ").append(commit).append(", ")
                .append(String.format(Locale.ROOT, "%.0f s", seconds)).append(" for the suite.")
                .append(" Load average at start ").append(loadAtStart).append(", at end ").append(loadAtEnd)
                .append(" on ").append(Runtime.getRuntime().availableProcessors()).append(" cores.\n\n");

        md.append("## Goals\n\n");
        Table goals = new Table("row", "goal", "measured", "verdict");
        sections.forEach(s -> s.goals().forEach(g -> goals.row(g.row(), g.goal(), g.measured(), g.verdict().text)));
        md.append(goals.markdown()).append('\n');

        sections.forEach(s -> md.append(s.markdown()));

        md.append("## Machine\n\n");
        Table machine = new Table("fact", "value");
        machine.row("cores (nproc)", String.valueOf(Runtime.getRuntime().availableProcessors()));
        machine.row("CPU", Machine.cpuModel());
        machine.row("memory", Machine.memory());
        machine.row("OS", Machine.os());
        machine.row("JDK", Machine.jdk());
        machine.row("benchmark JVM options", "`" + Machine.jvmArguments() + "`, max heap " + Machine.maxHeap()
                + ", GC " + Machine.garbageCollectors());
        machine.row("server JVM options", "`" + String.join(" ", Servers.SERVER_JVM_OPTIONS) + "`");
        machine.row("load average at start", loadAtStart);
        machine.row("load average at end", loadAtEnd);
        machine.row("servers", "mongo-java-server 1.47.0 (memory backend) and s3proxy 4.1.0 (transient store),"
                + " through `smartmigration-embedded`, in a JVM of their own on 127.0.0.1");
        machine.row("peer", "Mongock standalone 5.5.1 with mongodb-sync-v4-driver 5.5.1, `setTransactional(false)`");
        machine.row("drivers", "mongodb-driver-sync 5.2.1, AWS SDK for Java 2.56.0 (Apache 5 HTTP client)");
        md.append(machine.markdown()).append('\n');

        md.append("## Method\n\n");
        md.append("- A hand-written harness: `System.nanoTime()` around each call, warm-up rounds discarded, medians with")
                .append(" p10 – p90 as the spread. Where two candidates are compared they run interleaved, in rounds whose")
                .append(" order rotates, so load that comes and goes lands on both.\n")
                .append("- The servers run in a second JVM (started by the suite) so the benchmark JVM's heap holds only")
                .append(" the clients and the code under test; the heap figures of the scale row are of that JVM.\n")
                .append("- Every candidate is checked, not only timed: the no-op starts wrote nothing (ledger history and")
                .append(" Mongock's change log unchanged), every chain applied all its steps, every pass rewrote or moved")
                .append(" every document or object, exactly one of the 8 racing instances migrated, every probe test passed;")
                .append(" the suite stops on the first failed check.\n")
                .append("- Logging: WARN and above for every library, smartmigration and Mongock alike (both log INFO per")
                .append(" start otherwise).\n")
                .append("- The machine is shared: absolute times move with its load (see the load averages); the ratios")
                .append(" are what the goals are checked on.\n");
        return md.toString();
    }
}
