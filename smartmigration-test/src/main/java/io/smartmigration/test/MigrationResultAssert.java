package io.smartmigration.test;

import java.util.Objects;
import io.smartmigration.AppliedStep;
import io.smartmigration.MigrationResult;
import io.smartmigration.Outcome;
import java.util.Arrays;
import java.util.List;
import org.assertj.core.api.AbstractAssert;

/**
 * Assertions on a {@link MigrationResult}; start with {@link MigrationAssertions#assertThat(MigrationResult)}.
 *
 * <pre>{@code
 * assertThat(result).reachedTarget().applied("add-status", "move-avatars").skippedForward("add-status");
 * }</pre>
 */
public final class MigrationResultAssert extends AbstractAssert<MigrationResultAssert, MigrationResult> {

    MigrationResultAssert(MigrationResult actual) {
        super(actual, MigrationResultAssert.class);
    }

    /** The data ended at the result's target version. */
    public MigrationResultAssert reachedTarget() {
        isNotNull();
        if (!actual.reachedTarget()) {
            failWithMessage("Expected the run to reach target %s, but the data ended at %s (outcome %s, steps applied %s)",
                    actual.targetVersion(), Objects.requireNonNullElse(actual.currentVersionAfter(), "(no version)"), actual.outcome(),
                    ids(actual.stepsApplied()));
        }
        return this;
    }

    /** The data ended at {@code version}. */
    public MigrationResultAssert endedAt(String version) {
        isNotNull();
        if (!version.equals(actual.currentVersionAfter())) {
            failWithMessage("Expected the data to end at %s, but it ended at %s (outcome %s, steps applied %s)",
                    version, Objects.requireNonNullElse(actual.currentVersionAfter(), "(no version)"), actual.outcome(),
                    ids(actual.stepsApplied()));
        }
        return this;
    }

    /** Exactly these steps ran, in this order. */
    public MigrationResultAssert applied(String... stepIds) {
        isNotNull();
        List<String> expected = Arrays.asList(stepIds);
        List<String> applied = ids(actual.stepsApplied());
        if (!applied.equals(expected)) {
            failWithMessage("Expected the steps %s to be applied, in that order, but %s were (outcome %s, %s -> %s)",
                    expected, applied, actual.outcome(), actual.currentVersionBefore().orElse("(none)"),
                    Objects.requireNonNullElse(actual.currentVersionAfter(), "(none)"));
        }
        return this;
    }

    /** Nothing ran: the outcome is NO_OP. */
    public MigrationResultAssert wasNoOp() {
        return hasOutcome(Outcome.NO_OP);
    }

    /** The run's outcome. */
    public MigrationResultAssert hasOutcome(Outcome outcome) {
        isNotNull();
        if (actual.outcome() != outcome) {
            failWithMessage("Expected outcome %s, but it was %s (steps applied %s, %s -> %s)", outcome, actual.outcome(),
                    ids(actual.stepsApplied()), actual.currentVersionBefore().orElse("(none)"),
                    Objects.requireNonNullElse(actual.currentVersionAfter(), "(none)"));
        }
        return this;
    }

    /** Step {@code stepId} ran as a skip-forward (the ledger pointed strictly inside its range). */
    public MigrationResultAssert skippedForward(String stepId) {
        isNotNull();
        AppliedStep step = actual.stepsApplied().stream().filter(s -> s.id().equals(stepId)).findFirst().orElse(null);
        if (step == null) {
            failWithMessage("Expected step '%s' to run as a skip-forward, but it did not run; steps applied: %s",
                    stepId, ids(actual.stepsApplied()));
        } else if (!step.skipForward()) {
            failWithMessage("Expected step '%s' to run as a skip-forward, but it ran from its start version %s"
                    + " (the run started at %s)", stepId, step.from(), actual.currentVersionBefore().orElse("(none)"));
        }
        return this;
    }

    private static List<String> ids(List<AppliedStep> steps) {
        return steps.stream().map(AppliedStep::id).toList();
    }
}
