package io.smartmigration.test;

import io.smartmigration.MigrationContext;
import io.smartmigration.MigrationStep;
import io.smartmigration.spi.DelegatingStep;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;

/**
 * A step run by the harness: its handler's {@code ctx.clock()} is the harness's fixed step clock,
 * and, with a {@link StepProbe}, its writes and batches are counted (and a crash point kills it).
 */
final class ProbedStep implements MigrationStep, DelegatingStep {

    private final MigrationStep step;
    private final Optional<StepProbe> probe;
    private final Clock stepClock;
    private final Runnable beforeHandler;

    ProbedStep(MigrationStep step, Optional<StepProbe> probe, Clock stepClock, Runnable beforeHandler) {
        this.step = step instanceof ProbedStep probed ? probed.step : step;   // never two harness layers
        this.probe = probe;
        this.stepClock = Objects.requireNonNull(stepClock, "stepClock");
        this.beforeHandler = beforeHandler;
    }

    /** The user's step behind the harness's layer. */
    static MigrationStep unwrap(MigrationStep step) {
        return step instanceof ProbedStep probed ? probed.step : step;
    }

    @Override
    public MigrationStep delegate() {
        return step;
    }

    @Override
    public String id() {
        return step.id();
    }

    @Override
    public String from() {
        return step.from();
    }

    @Override
    public String to() {
        return step.to();
    }

    @Override
    public String description() {
        return step.description();
    }

    @Override
    public boolean resumable() {
        return step.resumable();
    }

    @Override
    public void up(MigrationContext ctx) throws Exception {
        beforeHandler.run();
        if (probe.isEmpty()) {
            step.up(new ProbedContext(ctx, Optional.empty(), stepClock));
            return;
        }
        StepProbe p = probe.get();
        p.stepStarted();
        S3WriteCounting.tracking(p, () -> step.up(new ProbedContext(ctx, probe, stepClock)));
    }

    @Override
    public String toString() {
        return step.toString();
    }
}
