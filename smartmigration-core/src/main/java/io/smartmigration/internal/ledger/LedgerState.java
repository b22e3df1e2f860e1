package io.smartmigration.internal.ledger;

import io.smartmigration.EnsuredIndexes;
import io.smartmigration.HistoryEntry;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** One consistent read of a ledger, whatever its backend. */
public record LedgerState(
        String name,
        Optional<String> currentVersion,
        Instant updatedAt,
        Optional<LockInfo> lock,
        Optional<CheckpointState> checkpoint,
        List<HistoryEntry> history,
        Optional<EnsuredIndexes> indexes) {

    public static final int SCHEMA_VERSION = 1;

    public LedgerState {
        history = List.copyOf(history);
    }

    /** A state that records no ensured indexes. */
    public LedgerState(String name, Optional<String> currentVersion, Instant updatedAt, Optional<LockInfo> lock,
                       Optional<CheckpointState> checkpoint, List<HistoryEntry> history) {
        this(name, currentVersion, updatedAt, lock, checkpoint, history, Optional.empty());
    }

    /** The lock, if one is held and its lease has not run out at {@code now}. */
    public Optional<LockInfo> liveLock(Instant now) {
        return lock.filter(l -> !l.expiredAt(now));
    }
}
