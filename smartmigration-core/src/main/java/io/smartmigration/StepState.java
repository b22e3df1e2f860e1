package io.smartmigration;

/** Where one registered step stands, in {@link MigrationStatus#steps()}. */
public enum StepState {
    /** The ledger is past the step and its handler ran to completion. */
    APPLIED,
    /** The ledger is past the step, which was applied by a skip-forward re-run from an orphan version inside its range. */
    SKIP_FORWARD,
    /**
     * The ledger is past the step but its handler never ran here: the version was stamped over it
     * (fresh install, baseline, or a stamp by the test toolkit or an operator).
     */
    STAMPED_OVER,
    /** The ledger is not past the step and its last attempt threw; the next run retries it. */
    FAILED,
    /** The next run will run the step (or would, if the target covers it). */
    PENDING
}
