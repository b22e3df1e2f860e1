package io.smartmigration;

/**
 * Why a {@link SmartMigrationException} was thrown. Every code is stable: scripts and tests may
 * branch on it.
 */
public enum ErrorCode {
    /** Missing targetVersion, no backend, S3 ledger without bucket, bad durations. */
    INVALID_CONFIG,
    /** A version that is not strict SemVer 2.0.0 (target, step, fresh install, ledger). */
    INVALID_VERSION,
    /** Two steps share an id. */
    DUPLICATE_STEP_ID,
    /** A step whose {@code from} is not lower than its {@code to}. */
    INVALID_STEP_RANGE,
    /** {@code step[n].to != step[n+1].from}. */
    CHAIN_GAP,
    /** A planned step would overshoot targetVersion with no step ending on it. */
    TARGET_NOT_REACHABLE,
    /** The ledger is older than the first step's {@code from}: no registered step can start. */
    LEDGER_BEHIND_CHAIN,
    /** The ledger is newer than the target, and {@code failIfDataAhead(true)} is set. */
    DATA_AHEAD_OF_CODE,
    /** lockWait elapsed while another instance held the lock. */
    LOCK_TIMEOUT,
    /** The lease was taken over while this instance ran a step; nothing more was written. */
    LOCK_LOST,
    /** A step's handler threw; the ledger keeps the last completed step. */
    STEP_FAILED,
    /** The ledger exists but cannot be read as a ledger; nothing was overwritten. */
    LEDGER_CORRUPT,
    /** The ledger's backend could not be reached. */
    LEDGER_UNAVAILABLE,
    /**
     * The ledger's history does not match the registered chain (an applied step removed or changed):
     * thrown by {@code run()} only with {@code validateOnRun(true)}; see {@code SmartMigration.validate()}.
     */
    HISTORY_MISMATCH,
    /**
     * {@code baseline(version)} refused: the ledger already has a version or history (pass
     * {@code force} to stamp over it), or another instance holds its lock.
     */
    BASELINE_REFUSED,
    /**
     * An index declared with {@code Builder.index(...)} could not be created: an index of that name
     * exists with another definition (the message names both), or the data violates it (duplicates
     * for a unique index). Nothing was dropped and no step ran.
     */
    INDEX_CONFLICT,
    /**
     * {@code run()} was stopped by an interrupt of its thread or by JVM shutdown (SIGTERM): the step
     * stopped at its next batch or checkpoint boundary, its checkpoint is kept, the lock was released
     * with a fenced write, and the thread's interrupt status is restored. The next start resumes (a
     * step that is not resumable runs again from its start).
     */
    INTERRUPTED
}
