package io.smartmigration;

/** What a {@link SmartMigration#run()} did, or what {@link SmartMigration#plan()} says it would do. */
public enum Outcome {
    /** The data was already at the target version. */
    NO_OP,
    /** Steps ran (or the ledger was stamped forward) and the data is at the target. */
    MIGRATED,
    /** The data was fresh: the ledger was stamped at {@code freshInstallVersion} without running the steps below it. */
    FRESH_INSTALL,
    /** Another instance held the lock and the policy was {@link LockPolicy#SKIP}. */
    LOCK_HELD_SKIPPED,
    /** The data is newer than this release's target: nothing was written (rolling deploys). */
    DATA_AHEAD_OF_CODE
}
