package io.smartmigration.examples.notes.migrations;

import io.smartmigration.test.Fixture;
import io.smartmigration.test.MigrationChecks;
import io.smartmigration.test.MigrationHarness;
import io.smartmigration.test.MigrationTest;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.opentest4j.TestAbortedException;

/**
 * What the generated checks of the notes chain cost, per fixture: how many checks, the wall time
 * and the CPU time of the whole JVM (the servers' threads included) for building and running them.
 * A measurement for BENCHMARKS.md, not a test: it runs only with
 * {@code -Dsmartmigration.checks.cost=true} and writes {@code target/checks-cost.txt}.
 */
@MigrationTest
@EnabledIfSystemProperty(named = "smartmigration.checks.cost", matches = "true")
class ChecksCostProbe {

    private static final int ROUNDS = 5;

    @Test
    @DisplayName("cost of the notes chain's generated checks")
    void measure(MigrationHarness h) throws Throwable {
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        List<String> lines = new ArrayList<>();
        for (String folder : List.of("fixtures/1.0.0", "fixtures/1.2.0")) {
            List<Double> wall = new ArrayList<>();
            List<Double> cpu = new ArrayList<>();
            int checks = 0;
            for (int round = 0; round <= ROUNDS; round++) {   // round 0 warms up
                long t0 = System.nanoTime();
                long c0 = os.getProcessCpuTime();
                List<DynamicTest> tests = MigrationChecks.forChain(() -> NotesMigrations.chain(2))
                        .fromFixtures(Fixture.load(folder)).using(h).dynamicTests().toList();
                for (DynamicTest test : tests) {
                    try {
                        test.getExecutable().execute();
                    } catch (TestAbortedException skipped) {
                        // counted like the others: JUnit reports it as skipped
                    }
                }
                if (round > 0) {
                    wall.add((System.nanoTime() - t0) / 1e9);
                    cpu.add((os.getProcessCpuTime() - c0) / 1e9);
                }
                checks = tests.size();
            }
            wall.sort(null);
            cpu.sort(null);
            lines.add(String.format(Locale.ROOT, "%s: %d checks, wall median %.2f s (min %.2f, max %.2f), process CPU"
                            + " median %.2f s, over %d rounds", folder, checks, wall.get(ROUNDS / 2), wall.get(0),
                    wall.get(ROUNDS - 1), cpu.get(ROUNDS / 2), ROUNDS));
        }
        lines.add(String.format(Locale.ROOT, "load average at the end: %.2f on %d cores", os.getSystemLoadAverage(),
                os.getAvailableProcessors()));
        lines.forEach(System.out::println);
        Files.write(Path.of("target", "checks-cost.txt"), lines, StandardCharsets.UTF_8);
    }
}
