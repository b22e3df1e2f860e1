package io.smartmigration.benchmarks;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Runs every benchmark row in one JVM run and writes {@code BENCHMARKS.md} at the repository root.
 *
 * <pre>
 * mvn -B -q -Pbenchmarks -pl benchmarks -am package -DskipTests &amp;&amp; java -Xmx1g -jar benchmarks/target/smartmigration-benchmarks.jar
 * </pre>
 *
 * Options: {@code --out FILE} (default: BENCHMARKS.md at the root of the checkout the jar was built
 * in), {@code --budget SECONDS} (default 420: the parts that can shrink, extra rounds and the largest
 * size of the scale row, fit what is left of it; row 7, which does not shrink, runs after it, in about 5 minutes),
 * {@code --rows 1,2,...} (only those rows; for working on one: {@code --rows 7} runs only the parallel walks
 * at real latencies, about 5 minutes).
 */
public final class Main {

    static final String COMMAND = "mvn -B -q -Pbenchmarks -pl benchmarks -am package -DskipTests"
            + " && java -Xmx1g -jar benchmarks/target/smartmigration-benchmarks.jar";

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        Path root = repositoryRoot();
        Path out = root.resolve("BENCHMARKS.md");
        long budgetSeconds = 420;
        Set<String> rows = Set.of("1", "2", "3", "4", "5", "6", "7");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--out" -> out = Path.of(args[++i]);
                case "--budget" -> budgetSeconds = Long.parseLong(args[++i]);
                case "--rows" -> rows = Stream.of(args[++i].split(",")).map(String::trim).collect(Collectors.toSet());
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + "; use --out FILE, --budget SECONDS, --rows 1,2,...");
            }
        }
        Report report = new Report(Instant.now().truncatedTo(ChronoUnit.SECONDS), Machine.loadAverage(),
                Machine.gitCommit(root), rows.size() < 7 ? "only rows " + rows.stream().sorted().toList() : "");
        Budget budget = new Budget(budgetSeconds);
        List<Section> sections = new ArrayList<>();
        try (Servers servers = Servers.start()) {
            System.out.printf("[%4.0f s] warming up the servers and clients ...%n", budget.elapsedSeconds());
            servers.warmUp();
            if (rows.contains("1")) {
                sections.add(timed("1 no-op boot", budget, () -> NoOpBoot.run(servers)));
            }
            if (rows.contains("2")) {
                sections.add(timed("2 chain of 20 steps", budget, () -> ChainBoot.run(servers)));
            }
            if (rows.contains("5")) {
                sections.add(timed("5 contention", budget, () -> Contention.run(servers)));
            }
            if (rows.contains("6")) {
                sections.add(timed("6 toolkit", budget, ToolkitRow::run));
            }
            if (rows.contains("3") || rows.contains("4")) {
                System.out.printf("[%4.0f s] rows 3 and 4 bulk and scale ...%n", budget.elapsedSeconds());
                sections.addAll(BulkRows.run(servers, budget, 10));
            }
            if (rows.contains("7")) {
                // last and outside the budget: it does not shrink, and must not take the scale row's time
                sections.add(timed("7 parallel walks at real latencies", budget, () -> ParallelRows.run(servers)));
            }
        }
        sections.sort(java.util.Comparator.comparing(Section::title));
        String measuredElsewhere = Files.exists(out) ? Report.measuredElsewhere(Files.readString(out)) : "";
        Files.writeString(out, report.markdown(sections, Machine.loadAverage(), budget.elapsedSeconds()) + measuredElsewhere);
        System.out.println("wrote " + out.toAbsolutePath() + " after " + Math.round(budget.elapsedSeconds()) + " s");
    }

    @FunctionalInterface
    interface RowRun {
        Section run() throws Exception;
    }

    static Section timed(String name, Budget budget, RowRun row) throws Exception {
        System.out.printf("[%4.0f s] row %s ...%n", budget.elapsedSeconds(), name);
        long t = System.nanoTime();
        Section section = row.run();
        System.out.printf("[%4.0f s] row %s done in %.1f s (load %s)%n", budget.elapsedSeconds(), name,
                Stats.millisSince(t) / 1000, Machine.loadAverage());
        return section;
    }

    /** The checkout this jar was built in: {@code benchmarks/target/<jar>} is two levels below it. */
    private static Path repositoryRoot() throws URISyntaxException {
        Path jar = Path.of(Main.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path root = jar.getParent() != null && jar.getParent().getParent() != null
                ? jar.getParent().getParent().getParent() : null;
        if (root != null && Files.exists(root.resolve("benchmarks").resolve("pom.xml"))) {
            return root;
        }
        return Path.of("").toAbsolutePath();
    }
}
