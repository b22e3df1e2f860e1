package io.smartmigration;

/**
 * One way the ledger's history disagrees with the registered chain, in a {@link ValidationReport}.
 *
 * @param kind    what disagrees
 * @param stepId  the step's id as the history records it
 * @param entry   the history entry (the step's last APPLIED run) compared with the chain
 * @param message what is wrong, with the values, and what to do
 */
public record ValidationProblem(Kind kind, String stepId, HistoryEntry entry, String message) {

    /** What disagrees. */
    public enum Kind {
        /** A step the history says was applied is no longer registered. */
        UNKNOWN_STEP,
        /** A registered step's {@code from} or {@code to} differs from what the history recorded. */
        RANGE_CHANGED,
        /** A class-based step's bytecode changed since it ran (SHA-256 checksums differ). */
        CHECKSUM_CHANGED
    }

    @Override
    public String toString() {
        return kind + " " + stepId + ": " + message;
    }
}
