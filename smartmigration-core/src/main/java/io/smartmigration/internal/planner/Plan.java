package io.smartmigration.internal.planner;

import io.smartmigration.MigrationStep;
import io.smartmigration.Outcome;
import java.util.List;
import java.util.Optional;

/**
 * The planner's decision.
 *
 * @param outcome       NO_OP, MIGRATED, FRESH_INSTALL or DATA_AHEAD_OF_CODE
 * @param freshInstall  the version to stamp before anything else, on a fresh install
 * @param steps         the steps to run, in order
 * @param stampTarget   the version to stamp after the steps, when no step ends on the target
 */
public record Plan(Outcome outcome, Optional<String> freshInstall, List<Step> steps, Optional<String> stampTarget) {

    public Plan {
        steps = List.copyOf(steps);
    }

    /** A step to run; {@code skipForward} when the ledger pointed strictly inside its range. */
    public record Step(MigrationStep step, boolean skipForward) {
    }

    public boolean needsWork() {
        return outcome == Outcome.MIGRATED || outcome == Outcome.FRESH_INSTALL;
    }

    /** The version the ledger holds once the plan has been carried out. */
    public Optional<String> finalVersion(Optional<String> current) {
        if (stampTarget.isPresent()) {
            return stampTarget;
        }
        if (!steps.isEmpty()) {
            return Optional.of(steps.get(steps.size() - 1).step().to());
        }
        return freshInstall.isPresent() ? freshInstall : current;
    }
}
