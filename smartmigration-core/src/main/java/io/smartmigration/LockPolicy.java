package io.smartmigration;

/** What {@link SmartMigration#run()} does when another instance holds the migration lock. */
public enum LockPolicy {
    /** Wait up to {@code lockWait}, re-checking the ledger; then fail with {@link ErrorCode#LOCK_TIMEOUT}. */
    WAIT,
    /** Return at once with {@link Outcome#LOCK_HELD_SKIPPED}; the holder does the work. */
    SKIP
}
