package io.smartmigration.test;

import io.smartmigration.test.internal.Settings;
import io.smartmigration.test.internal.OrphanVersions;
import io.smartmigration.AppliedStep;
import io.smartmigration.MigrationResult;
import io.smartmigration.MigrationStep;
import io.smartmigration.PlannedStep;
import io.smartmigration.SmartMigration;
import io.smartmigration.DataVersions;
import io.smartmigration.SmartMigrationException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.function.Executable;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

/**
 * Builds the dynamic tests of {@code MigrationChecks}; see its documentation. Per fixture, the clean
 * run happens once, when the tests are built, and records the data before each step; every check
 * of a step starts from that copy (restored into the test's database and bucket, the ledger stamped
 * at the step's {@code from}) instead of seeding the fixture and running the earlier steps again.
 */
final class ChecksPlan {

    private final Supplier<SmartMigration.Builder> chain;
    private final DefaultMigrationHarness h;
    private final FieldMask ignored;
    /**
     * The test's data as last read, when nothing ran since (the checks run back to back, under the
     * harness's lock); lets the next restore write only the objects that differ.
     */
    private DataImage known;

    private ChecksPlan(Supplier<SmartMigration.Builder> chain, DefaultMigrationHarness h, FieldMask ignored) {
        this.chain = chain;
        this.h = h;
        this.ignored = ignored;
    }

    public static Stream<DynamicTest> dynamicTests(Supplier<SmartMigration.Builder> chain, List<Fixture> fixtures,
                                                   FieldMask ignored, DefaultMigrationHarness harness) {
        ChecksPlan plan = new ChecksPlan(chain, harness, ignored);
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

    /**
     * What the clean run from one fixture did and left behind.
     *
     * @param mask what the comparisons leave out: the user's ignored fields and those two clean runs disagree on
     */
    private record CleanRun(MigrationResult result, DataSnapshot data, DefaultMigrationHarness.CountedRun counted,
                            DataSnapshot second, Optional<Throwable> secondFailed, FieldMask nondeterministic,
                            FieldMask mask) {
    }

    private List<DynamicTest> forFixture(Fixture fixture) {
        String label = fixture.name() + ": ";
        CleanRun clean;
        Throwable failure = null;
        synchronized (h) {
            try {
                clean = cleanRuns(fixture);
            } catch (RuntimeException | AssertionError e) {
                clean = null;
                failure = e;
            }
        }
        List<DynamicTest> tests = new ArrayList<>();
        String target = clean != null ? "target " + clean.result().targetVersion() : targetOf().map(t -> "target " + t)
                .orElse("its target");
        Throwable cleanFailure = failure;
        CleanRun cleanRun = clean;
        tests.add(DynamicTest.dynamicTest(label + "reaches " + target + " from " + fixture.version(), locked(() -> {
            if (cleanFailure != null) {
                throw cleanFailure;
            }
            MigrationResult r = cleanRun.result();
            if (!r.reachedTarget()) {
                throw new AssertionFailedError("from " + fixture.name() + " the chain ended at "
                        + Objects.requireNonNullElse(r.currentVersionAfter(), "(no version)") + ", not at its target "
                        + r.targetVersion() + " (outcome " + r.outcome() + ")", r.targetVersion(), r.currentVersionAfter());
            }
        })));
        if (clean == null) {
            return tests;
        }
        tests.add(DynamicTest.dynamicTest(label + "two clean runs leave the same data (deterministic)",
                locked(() -> requireDeterministic(fixture, cleanRun))));
        List<MigrationStep> steps = chain.get().steps();
        for (AppliedStep step : cleanRun.result().stepsApplied()) {
            String range = "'" + step.id() + "' (" + step.from() + " → " + step.to() + ")";
            boolean resumable = steps.stream().anyMatch(s -> s.id().equals(step.id()) && s.resumable());
            DataImage before = cleanRun.counted().before().get(step.id());
            tests.add(DynamicTest.dynamicTest(label + "step " + range + " is idempotent", locked(() -> {
                restore(before, step.from());
                h.checkStepIdempotent(h.bind(chain.get()), new PlannedStep(step.id(), step.from(), step.to(), false),
                        cleanRun.mask()::apply, nondeterminismNote(cleanRun));
            })));
            tests.add(skipForward(label, range, step, before, cleanRun));
            tests.addAll(crashes(label, range, fixture, step, resumable, before, cleanRun));
        }
        return tests;
    }

    private Optional<String> targetOf() {
        try {
            return Optional.of(h.bind(chain.get()).build().targetVersion());
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * The clean run, counted, then a second one from the same fixture for the determinism check (a
     * failure of the second is that check's failure, not the fixture's).
     */
    private CleanRun cleanRuns(Fixture fixture) {
        startFrom(fixture);
        DefaultMigrationHarness.CountedRun counted = h.runCounting(chain.get());
        DataSnapshot first = h.snapshot();
        Instant firstEnded = Instant.now();
        DataSnapshot second;
        Optional<Throwable> secondFailed = Optional.empty();
        try {
            startFrom(fixture);
            awaitLaterMillisecond(firstEnded);   // a step writing the system time then writes another value
            h.run(chain.get());
            second = h.snapshot();
        } catch (RuntimeException e) {
            second = first;
            secondFailed = Optional.of(e);
        }
        FieldMask nondeterministic = FieldMask.between(ignored.apply(first), ignored.apply(second));
        return new CleanRun(counted.result(), first, counted, second, secondFailed, nondeterministic,
                ignored.plus(nondeterministic));
    }

    private static void awaitLaterMillisecond(Instant instant) {
        Instant next = instant.truncatedTo(ChronoUnit.MILLIS).plusMillis(1);
        while (Instant.now().isBefore(next)) {
            Thread.onSpinWait();
        }
    }

    private void requireDeterministic(Fixture fixture, CleanRun clean) {
        if (clean.secondFailed().isPresent()) {
            throw new AssertionFailedError("a second clean run from " + fixture.name() + " failed where the first one"
                    + " passed: " + clean.secondFailed().get().getMessage() + "\nA step must do the same on the same"
                    + " data every time it runs.", clean.secondFailed().get());
        }
        List<String> diff = ignored.apply(clean.data()).diff(ignored.apply(clean.second()));
        if (diff.isEmpty()) {
            return;
        }
        throw new AssertionFailedError("two clean runs from " + fixture.name() + " left different data: the chain is"
                + " not deterministic" + (clean.nondeterministic().isEmpty() ? ""
                : " in " + clean.nondeterministic().describe()) + " (first run → second run):" + SnapshotDiff.format(diff)
                + "\nThe generated checks compare runs, so what a step writes must follow from the data it reads:"
                + " take the time from ctx.clock() (the harness fixes it: every run of a test sees the same instant)"
                + " rather than Instant.now(), new Date() or $currentDate; derive ids from the data (the source"
                + " document's _id, or a hash of it) rather than new ObjectId() or UUID.randomUUID(). For a field you"
                + " accept as non-deterministic, use MigrationChecks...ignoringFields(collection, fields...): the"
                + " other checks already leave these fields out.");
    }

    private static String nondeterminismNote(CleanRun clean) {
        return clean.nondeterministic().isEmpty() ? "" : "\n(Left out of this comparison, as two clean runs already"
                + " disagree on them: " + clean.nondeterministic().describe() + "; see the determinism check.)";
    }

    private DynamicTest skipForward(String label, String range, AppliedStep step, DataImage before, CleanRun clean) {
        Optional<String> orphan = OrphanVersions.inside(step.from(), step.to());
        if (orphan.isEmpty()) {
            return DynamicTest.dynamicTest(label + "skip-forward inside step " + range, () -> {
                throw new TestAbortedException("no version lies strictly between " + step.from() + " and " + step.to()
                        + ", so no ledger can point inside step '" + step.id() + "'");
            });
        }
        String version = orphan.get();
        int writes = clean.counted().probes().get(step.id()).writes();
        int half = writes / 2;
        String on = half == 0 ? "on the step's untouched input" : "on data the step partly migrated (crashed after write "
                + half + " of " + writes + ")";
        return DynamicTest.dynamicTest(label + "skip-forward from orphan version " + version + " inside step " + range
                + ", " + on + ", reaches the clean run's data", locked(() -> {
                    DataImage partly = before;
                    if (half > 0) {
                        restore(before, step.from());
                        h.runWithCrash(chain.get(), Crash.inStep(step.id()).afterWrites(half));
                        partly = h.image();
                        known = partly;
                    }
                    restore(partly, version);
                    String what = "with the ledger at orphan version " + version + " inside step '" + step.id() + "', "
                            + on;
                    MigrationResult result = runOrFail(what, "a skip-forward re-runs the step from its start on data"
                            + " an older release may have partly migrated: make the step handle documents and objects"
                            + " already in their new shape, as well as those still in the old one");
                    if (result.stepsApplied().stream().noneMatch(s -> s.id().equals(step.id()) && s.skipForward())) {
                        throw new AssertionFailedError(what + ", step '" + step.id() + "' should have run as a"
                                + " skip-forward, but the run applied " + result.stepsApplied());
                    }
                    requireSameData(clean, what + " (a skip-forward re-runs the step from its start)");
                }));
    }

    private List<DynamicTest> crashes(String label, String range, Fixture fixture, AppliedStep step, boolean resumable,
                                      DataImage before, CleanRun clean) {
        StepProbe probe = clean.counted().probes().get(step.id());
        List<CrashPoints.Point> points = CrashPoints.of(step.id(), probe, Objects.hash(step.id(), fixture.name()));
        if (points.isEmpty()) {
            return List.of(DynamicTest.dynamicTest(label + "crash-and-resume inside step " + range, () -> {
                throw new TestAbortedException("on " + fixture.name() + " step '" + step.id() + "' handled "
                        + probe.batches() + " batch(es) and made " + probe.writes() + " write(s): no point inside it"
                        + " to crash at; use a fixture with more data (or smaller batches)");
            }));
        }
        String then = resumable ? "then resume" : "then re-run";
        String how = resumable ? "the resumed step continues from its last checkpoint" : "a step that is not resumable"
                + " runs again from its start";
        List<DynamicTest> tests = new ArrayList<>();
        for (CrashPoints.Point point : points) {
            Crash crash = point.crash();
            tests.add(DynamicTest.dynamicTest(label + "crash in step " + range + " " + point.where() + ", " + then
                    + ": reaches the clean run's data", locked(() -> {
                        restore(before, step.from());
                        h.runWithCrash(chain.get(), crash);
                        String what = "after a " + crash + " (" + point.where() + ")";
                        MigrationResult resumed = runOrFail(what, how + ", on the data the crashed run partly wrote:"
                                + " make it handle what it already migrated (and a write it made without checkpointing"
                                + " it)");
                        if (!resumed.reachedTarget()) {
                            throw new AssertionFailedError(what + " the next run ended at "
                                    + Objects.requireNonNullElse(resumed.currentVersionAfter(), "(no version)")
                                    + ", not at the target " + resumed.targetVersion());
                        }
                        requireSameData(clean, what + " and a " + (resumable ? "resumed run" : "second run") + " (" + how + ")");
                    })));
        }
        return tests;
    }

    /** Runs the chain; a failure becomes the check's failure, saying what the check did and what to fix. */
    private MigrationResult runOrFail(String what, String advice) {
        try {
            return h.run(chain.get());
        } catch (SmartMigrationException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new AssertionFailedError(what + ", the next run failed: " + e.getMessage()
                    + (cause != e ? " (caused by " + cause + ")" : "") + "\nA step runs again after a crash, a failure"
                    + " or a skip-forward: " + advice + ".", e);
        }
    }

    private void startFrom(Fixture fixture) {
        h.reset();
        h.seed(fixture);
    }

    /** The test's data back at {@code image}, with the ledger at {@code version}; cheaper when the data now is known. */
    private void restore(DataImage image, String version) {
        Optional<DataImage> now = Optional.ofNullable(known);
        known = null;   // stale once anything runs
        h.restore(image, version, now);
    }

    private void requireSameData(CleanRun clean, String what) {
        DataImage image = h.image();
        known = image;
        DataSnapshot now = DefaultMigrationHarness.snapshotOf(image);
        List<String> diff = clean.mask().apply(clean.data()).diff(clean.mask().apply(now));
        if (!diff.isEmpty()) {
            throw new AssertionFailedError(what + ", the data differs from the clean run's (clean run → this run):"
                    + SnapshotDiff.format(diff) + nondeterminismNote(clean));
        }
    }

    /** One check at a time on the test's data; none once a failed check's data is kept for a look. */
    private Executable locked(Executable body) {
        return () -> {
            synchronized (h) {
                Optional<String> kept = h.keptFor();
                if (kept.isPresent()) {
                    throw new TestAbortedException("not run: the data of the failed check \"" + kept.get()
                            + "\" is kept (" + Settings.KEEP + "=true); run again without it for the remaining checks");
                }
                body.execute();
            }
        };
    }
}
