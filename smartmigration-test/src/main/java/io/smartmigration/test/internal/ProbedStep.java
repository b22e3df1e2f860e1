package io.smartmigration.test.internal;

import io.smartmigration.MigrationContext;
import io.smartmigration.MigrationStep;
import io.smartmigration.spi.DelegatingStep;

/** A step whose handler sees a context that reports to a {@link StepProbe}. */
public final class ProbedStep implements MigrationStep, DelegatingStep {

    private final MigrationStep step;
    private final StepProbe probe;

    public ProbedStep(MigrationStep step, StepProbe probe) {
        this.step = step;
        this.probe = probe;
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
        probe.stepStarted();
        S3WriteCounting.tracking(probe, () -> step.up(new ProbedContext(ctx, probe)));
    }

    @Override
    public String toString() {
        return step.toString();
    }
}
