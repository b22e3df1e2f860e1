package io.smartmigration.benchmarks;

import io.smartmigration.benchmarks.toolkit.IdempotenceProbeTests;
import io.smartmigration.benchmarks.toolkit.PlainProbeTests;
import io.smartmigration.benchmarks.toolkit.ToolkitProbeTests;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/** Row 6: the test toolkit's costs: server start, a fresh database and bucket per test, assertIdempotent. */
final class ToolkitRow {

    private static final int WARM_STARTS = 20;

    private ToolkitRow() {
    }

    static Section run() throws Exception {
        Map<String, List<Double>> startup = startup();
        List<Double> plain = new ArrayList<>();
        List<Double> toolkit = new ArrayList<>();
        List<Double> firstToolkit = new ArrayList<>();
        List<Double> firstPlain = new ArrayList<>();
        Launcher launcher = LauncherFactory.create();
        for (int i = 0; i < 2; i++) {
            List<Double> p = launch(launcher, PlainProbeTests.class);
            firstPlain.add(p.get(0));
            plain.addAll(p.subList(1, p.size()));
            List<Double> t = launch(launcher, ToolkitProbeTests.class);
            firstToolkit.add(t.get(0));
            toolkit.addAll(t.subList(1, t.size()));
        }
        IdempotenceProbeTests.RUN_MS.clear();
        IdempotenceProbeTests.IDEMPOTENT_MS.clear();
        launch(launcher, IdempotenceProbeTests.class);
        return report(startup, Stats.of(plain), Stats.of(toolkit), Stats.of(firstPlain), Stats.of(firstToolkit),
                Stats.of(IdempotenceProbeTests.RUN_MS), Stats.of(IdempotenceProbeTests.IDEMPOTENT_MS));
    }

    /** Start times of both servers in a fresh JVM: the first (class loading included), then warm ones. */
    private static Map<String, List<Double>> startup() throws Exception {
        Process process = Servers.java(List.of("--startup", String.valueOf(WARM_STARTS))).start();
        Map<String, List<Double>> out = new HashMap<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                String[] parts = line.split(" ", 2);
                out.put(parts[0], Stream.of(parts[1].split("[ ,]")).map(Double::parseDouble).toList());
            }
        }
        NoOpBoot.require(process.waitFor(120, TimeUnit.SECONDS) && process.exitValue() == 0,
                "the start-time probe JVM finished");
        return out;
    }

    /** Runs one probe class; the duration of each of its tests, in execution order. */
    private static List<Double> launch(Launcher launcher, Class<?> probe) {
        List<Double> durations = new ArrayList<>();
        Map<String, Long> started = new HashMap<>();
        List<String> failures = new ArrayList<>();
        launcher.execute(LauncherDiscoveryRequestBuilder.request()
                .selectors(DiscoverySelectors.selectClass(probe)).build(), new TestExecutionListener() {
                    @Override
                    public void executionStarted(TestIdentifier test) {
                        if (test.isTest()) {
                            started.put(test.getUniqueId(), System.nanoTime());
                        }
                    }

                    @Override
                    public void executionFinished(TestIdentifier test, TestExecutionResult result) {
                        if (result.getStatus() != TestExecutionResult.Status.SUCCESSFUL) {
                            failures.add(test.getDisplayName() + ": " + result.getThrowable().map(Throwable::toString)
                                    .orElse(result.getStatus().toString()));
                        }
                        if (test.isTest()) {
                            durations.add(Stats.millisSince(started.get(test.getUniqueId())));
                        }
                    }
                });
        NoOpBoot.require(failures.isEmpty(), probe.getSimpleName() + " passed: " + failures);
        NoOpBoot.require(!durations.isEmpty(), probe.getSimpleName() + " ran tests");
        return durations;
    }

    private static Section report(Map<String, List<Double>> startup, Stats plain, Stats toolkit, Stats firstPlain,
                                  Stats firstToolkit, Stats run, Stats idempotent) {
        Section section = new Section("6. Test toolkit");
        Stats mongoWarm = Stats.of(startup.get("MONGO"));
        Stats s3Warm = Stats.of(startup.get("S3"));
        Table servers = new Table("embedded server", "first start in a fresh JVM", "later starts (median)", "p10 – p90",
                "n");
        servers.row("MongoDB (mongo-java-server, memory)", Stats.ms(startup.get("COLD").get(0)), Stats.ms(mongoWarm.median()),
                mongoWarm.spread(), String.valueOf(mongoWarm.n()));
        servers.row("S3 (s3proxy, transient)", Stats.ms(startup.get("COLD").get(1)), Stats.ms(s3Warm.median()),
                s3Warm.spread(), String.valueOf(s3Warm.n()));
        section.text("**Embedded servers' start.** Measured in a JVM of its own: the first start pays for class loading"
                + " and JIT; the later ones are each a new server started and closed.");
        section.table(servers);

        double overhead = toolkit.median() - plain.median();
        section.text("**Per-test overhead of a fresh database and bucket.** Two probe classes run through the JUnit"
                + " Platform launcher, twice each, alternating: `@MigrationTest(backend = EMBEDDED)` with "
                + ToolkitProbeTests.REPETITIONS + " repetitions that each get a new database and bucket (created on"
                + " first use, dropped and emptied afterwards) and write one document and one object; and plain JUnit"
                + " doing the same writes into one database and bucket shared by all repetitions, on embedded servers"
                + " started once for the class. Timed from the launcher's test-started to test-finished events"
                + " (extension callbacks included); the first test of each run is reported apart.");
        Table tests = new Table("tests", "median", "p10 – p90", "n", "first test of a run (median)");
        tests.timing("plain JUnit, shared database and bucket", plain, Stats.ms(firstPlain.median()));
        tests.timing("`@MigrationTest`, fresh database and bucket", toolkit, Stats.ms(firstToolkit.median())
                + " (the embedded servers start here)");
        section.table(tests);

        double ratio = idempotent.median() / run.median();
        section.text("**`assertIdempotent` against one plain run.** A three-step chain (two `updateMany` steps on "
                + IdempotenceProbeTests.USERS + " documents, one resumable step copying " + IdempotenceProbeTests.OBJECTS
                + " objects) from freshly seeded data, `h.run(chain)` against `h.assertIdempotent(chain)`, alternating"
                + " which goes first. `assertIdempotent` runs each step, snapshots every collection and object, stamps"
                + " the ledger back, runs the step again and snapshots again, then runs the chain to the end.");
        Table check = new Table("call", "median", "p10 – p90", "n", "vs `run`");
        check.timing("`h.run(chain)`", run, "1.00x");
        check.timing("`h.assertIdempotent(chain)`", idempotent, Stats.ratio(ratio));
        section.table(check);
        section.goal("6", "embedded servers' start (no goal set)", "MongoDB " + Stats.ms(mongoWarm.median()) + ", S3 "
                + Stats.ms(s3Warm.median()) + " warm; " + Stats.ms(startup.get("COLD").get(0)) + " and "
                + Stats.ms(startup.get("COLD").get(1)) + " first in a JVM", Section.Verdict.INFO);
        section.goal("6", "per-test overhead of a fresh database and bucket (no goal set)", Stats.ms(overhead)
                + " per test (" + Stats.ms(toolkit.median()) + " vs " + Stats.ms(plain.median()) + ")",
                Section.Verdict.INFO);
        section.goal("6", "cost of `assertIdempotent` relative to one plain chain run (no goal set)", Stats.ratio(ratio)
                + " (" + Stats.ms(idempotent.median()) + " vs " + Stats.ms(run.median()) + ", 3 steps)",
                Section.Verdict.INFO);
        return section;
    }
}
