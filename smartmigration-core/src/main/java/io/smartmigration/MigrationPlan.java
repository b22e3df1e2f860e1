package io.smartmigration;

import java.util.List;
import java.util.Optional;

/**
 * What {@link SmartMigration#run()} would do now, from {@link SmartMigration#plan()}: a dry run
 * that reads the ledger, writes nothing and takes no lock.
 *
 * @param currentVersion the ledger's version; empty on a fresh ledger
 * @param outcome        what run() would report: NO_OP, MIGRATED, FRESH_INSTALL or DATA_AHEAD_OF_CODE
 * @param steps          the steps run() would execute, in order
 * @param stampVersion   a version run() would stamp without running a handler (fresh install, or
 *                       a release that added no step), if any
 */
public record MigrationPlan(
        Optional<String> currentVersion,
        String targetVersion,
        Outcome outcome,
        List<PlannedStep> steps,
        Optional<String> stampVersion) {

    public MigrationPlan {
        steps = List.copyOf(steps);
    }

    /** A plan that stamps nothing. */
    public MigrationPlan(Optional<String> currentVersion, String targetVersion, Outcome outcome, List<PlannedStep> steps) {
        this(currentVersion, targetVersion, outcome, steps, Optional.empty());
    }
}
