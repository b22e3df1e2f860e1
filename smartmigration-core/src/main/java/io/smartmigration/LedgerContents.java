package io.smartmigration;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What one read of a ledger found, from {@link MigrationLedger#read()}: the data version, the lock,
 * the saved checkpoint and the history. A plain value: reading it again means reading the ledger
 * again.
 *
 * <pre>{@code
 * ledger.read().ifPresentOrElse(
 *     l -> log.info("data at {}, lock {}", l.currentVersion().orElse("(none)"),
 *                   l.lock().map(LockHolder::describe).orElse("free")),
 *     () -> log.info("no ledger yet"));
 * }</pre>
 *
 * @param ledger         where the ledger lives, as {@link MigrationLedger#describe()} says it
 * @param currentVersion the data version; empty when the ledger exists but no version was written
 * @param updatedAt      when the ledger was last written; empty for a ledger written without that field
 * @param lock           the lock as the ledger holds it, live or expired when it was read; empty when free
 * @param checkpoint     the checkpoint a resumable step saved; empty when none is saved
 * @param history        every history entry, oldest first
 * @param indexes        the index declarations a run last ensured ({@link SmartMigration.Builder#index}); empty when
 *                       none were ever declared
 */
public record LedgerContents(
        String ledger,
        Optional<String> currentVersion,
        Optional<Instant> updatedAt,
        Optional<LockHolder> lock,
        Optional<SavedCheckpoint> checkpoint,
        List<HistoryEntry> history,
        Optional<EnsuredIndexes> indexes) {

    public LedgerContents {
        history = List.copyOf(history);
    }

    /** Contents without ensured indexes. */
    public LedgerContents(String ledger, Optional<String> currentVersion, Optional<Instant> updatedAt,
                          Optional<LockHolder> lock, Optional<SavedCheckpoint> checkpoint, List<HistoryEntry> history) {
        this(ledger, currentVersion, updatedAt, lock, checkpoint, history, Optional.empty());
    }

    /** The lock, if one is held and its lease had not run out when the ledger was read. */
    public Optional<LockHolder> liveLock() {
        return lock.filter(l -> !l.expired());
    }

    /** The newest history entry. */
    public Optional<HistoryEntry> lastEntry() {
        return history.isEmpty() ? Optional.empty() : Optional.of(history.get(history.size() - 1));
    }
}
