package io.smartmigration.test.internal;

import java.util.Objects;
import io.smartmigration.AppliedStep;
import io.smartmigration.MigrationResult;
import io.smartmigration.MigrationStep;
import io.smartmigration.PlannedStep;
import io.smartmigration.SmartMigration;
import io.smartmigration.DataVersions;
import io.smartmigration.test.Crash;
import io.smartmigration.test.DataSnapshot;
import io.smartmigration.test.Fixture;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.function.Executable;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

/** Builds the dynamic tests of {@code MigrationChecks}; see its documentation. */
public final class ChecksPlan {

    private final Supplier<SmartMigration.Builder> chain;
    private final DefaultMigrationHarness h;

    private ChecksPlan(Supplier<SmartMigration.Builder> chain, DefaultMigrationHarness h) {
        this.chain = chain;
        this.h = h;
    }

    public static Stream<DynamicTest> dynamicTests(Supplier<SmartMigration.Builder> chain, List<Fixture> fixtures,
                                                   DefaultMigrationHarness harness) {
        ChecksPlan plan = new ChecksPlan(chain, harness);
        List<Fixture> all = fixtures.isEmpty() ? List.of(plan.emptyFixture()) : fixtures;
        List<DynamicTest> tests = new ArrayList<>();
        for (Fixture fixture : all) {
            tests.addAll(plan.forFixture(fixture));
        }
        return tests.stream();
    }

    private Fixture emptyFixture() {
        List<MigrationStep> steps = chain.get().steps();
        String start = steps.isEmpty() ? h.bind(chain.get()).build().targetVersion() : steps.get(0).from();
        return Fixture.at(start).named("empty data at " + start);
    }

    /** What the clean run from one fixture did and left behind. */
    private record CleanRun(MigrationResult result, DataSnapshot data, DefaultMigrationHarness.CountedRun counted) {
    }

    private List<DynamicTest> forFixture(Fixture fixture) {
        String label = fixture.name() + ": ";
        CleanRun clean;
        Throwable failure = null;
        synchronized (h) {
            try {
                startFrom(fixture);
                DefaultMigrationHarness.CountedRun counted = h.runCounting(chain.get());
                clean = new CleanRun(counted.result(), h.snapshot(), counted);
            } catch (RuntimeException | AssertionError e) {
                clean = null;
                failure = e;
            }
        }
        List<DynamicTest> tests = new ArrayList<>();
        String target = clean != null ? clean.result().targetVersion() : "the target";
        Throwable cleanFailure = failure;
        CleanRun cleanRun = clean;
        tests.add(DynamicTest.dynamicTest(label + "reaches target " + target + " from " + fixture.version(), () -> {
            if (cleanFailure != null) {
                throw cleanFailure;
            }
            MigrationResult r = cleanRun.result();
            if (!r.reachedTarget()) {
                throw new AssertionFailedError("from " + fixture.name() + " the chain ended at "
                        + Objects.requireNonNullElse(r.currentVersionAfter(), "(no version)") + ", not at its target " + r.targetVersion()
                        + " (outcome " + r.outcome() + ")", r.targetVersion(), r.currentVersionAfter());
            }
        }));
        if (clean == null) {
            return tests;
        }
        List<MigrationStep> steps = chain.get().steps();
        for (AppliedStep step : clean.result().stepsApplied()) {
            String range = "'" + step.id() + "' (" + step.from() + " → " + step.to() + ")";
            tests.add(DynamicTest.dynamicTest(label + "step " + range + " is idempotent", locked(() -> {
                startFrom(fixture);
                h.checkStepIdempotent(h.bind(chain.get()),
                        new PlannedStep(step.id(), step.from(), step.to(), step.skipForward()));
            })));
            if (!step.skipForward()) {
                tests.add(skipForward(label, range, fixture, step, clean));
            }
            boolean resumable = steps.stream().anyMatch(s -> s.id().equals(step.id()) && s.resumable());
            if (resumable) {
                tests.addAll(crashes(label, range, fixture, step, clean));
            }
        }
        return tests;
    }

    private DynamicTest skipForward(String label, String range, Fixture fixture, AppliedStep step, CleanRun clean) {
        Optional<String> orphan = OrphanVersions.inside(step.from(), step.to());
        if (orphan.isEmpty()) {
            return DynamicTest.dynamicTest(label + "skip-forward inside step " + range, () -> {
                throw new TestAbortedException("no version lies strictly between " + step.from() + " and " + step.to()
                        + ", so no ledger can point inside step '" + step.id() + "'");
            });
        }
        String version = orphan.get();
        return DynamicTest.dynamicTest(label + "skip-forward from orphan version " + version + " inside step " + range
                + " reaches the clean run's data", locked(() -> {
                    startFrom(fixture);
                    SmartMigration.Builder bound = h.bind(chain.get());
                    if (DataVersions.compare(fixture.version(), step.from()) < 0) {
                        h.runTo(bound, step.from());
                    }
                    h.stampLedger(version);
                    MigrationResult result = h.build(bound).run();
                    if (result.stepsApplied().stream().noneMatch(s -> s.id().equals(step.id()) && s.skipForward())) {
                        throw new AssertionFailedError("with the ledger at " + version + " step '" + step.id()
                                + "' should have run as a skip-forward, but the run applied " + result.stepsApplied());
                    }
                    requireSameData(clean, "with the ledger at orphan version " + version + " inside step '" + step.id()
                            + "' (a skip-forward re-runs it from its start on data at " + step.from() + ")");
                }));
    }

    private List<DynamicTest> crashes(String label, String range, Fixture fixture, AppliedStep step, CleanRun clean) {
        StepProbe probe = clean.counted().probes().get(step.id());
        int batches = probe.batches();
        int writes = probe.writes();
        List<Crash> points = new ArrayList<>();
        List<String> where = new ArrayList<>();
        if (batches >= 2) {
            for (int k : spread(batches)) {
                points.add(Crash.inStep(step.id()).afterBatches(k));
                where.add("after " + k + " of " + batches + " batches");
            }
        }
        if (writes >= 2) {
            Set<Integer> ks = batches >= 2 ? Set.of(writes / 2) : spread(writes);
            for (int k : ks) {
                points.add(Crash.inStep(step.id()).afterWrites(k));
                where.add("after " + k + " of " + writes + " writes");
            }
        }
        if (points.isEmpty()) {
            return List.of(DynamicTest.dynamicTest(label + "crash-and-resume inside step " + range, () -> {
                throw new TestAbortedException("on " + fixture.name() + " step '" + step.id() + "' handled " + batches
                        + " batch(es) and made " + writes + " write(s): no point inside it to crash at;"
                        + " use a fixture with more data (or smaller batches)");
            }));
        }
        List<DynamicTest> tests = new ArrayList<>();
        for (int i = 0; i < points.size(); i++) {
            Crash crash = points.get(i);
            String at = where.get(i);
            tests.add(DynamicTest.dynamicTest(label + "crash in step " + range + " " + at
                    + ", then resume: reaches the clean run's data", locked(() -> {
                        startFrom(fixture);
                        h.runWithCrash(chain.get(), crash);
                        MigrationResult resumed = h.run(chain.get());
                        if (!resumed.reachedTarget()) {
                            throw new AssertionFailedError("after a " + crash + " the next run ended at "
                                    + Objects.requireNonNullElse(resumed.currentVersionAfter(), "(no version)") + ", not at the target "
                                    + resumed.targetVersion());
                        }
                        requireSameData(clean, "after a " + crash + " (" + at + ") and a resumed run");
                    })));
        }
        return tests;
    }

    /** Crash points spread over 1..n-1: the first, the middle and the last. */
    private static Set<Integer> spread(int n) {
        Set<Integer> ks = new TreeSet<>();
        for (int k : new int[] {1, n / 2, n - 1}) {
            if (k >= 1 && k <= n - 1) {
                ks.add(k);
            }
        }
        return ks;
    }

    private void startFrom(Fixture fixture) {
        h.reset();
        h.seed(fixture);
    }

    private void requireSameData(CleanRun clean, String what) {
        DataSnapshot now = h.snapshot();
        List<String> diff = clean.data().diff(now);
        if (!diff.isEmpty()) {
            throw new AssertionFailedError(what + ", the data differs from the clean run's (clean run → this run):"
                    + SnapshotDiff.format(diff));
        }
    }

    private Executable locked(Executable body) {
        return () -> {
            synchronized (h) {
                body.execute();
            }
        };
    }
}
