package io.smartmigration.internal.ledger;

import io.smartmigration.EnsuredIndexes;
import io.smartmigration.HistoryEntry;
import java.time.Instant;
import java.util.Optional;

/**
 * A ledger backend. Reads are plain; every write made under the lock is conditional on the
 * lease's fencing token and throws {@code LOCK_LOST} when the token no longer holds the lock.
 * Backend failures surface as {@code LEDGER_UNAVAILABLE}, unreadable ledgers as
 * {@code LEDGER_CORRUPT} (and are never overwritten).
 */
public interface Ledger {

    /** Where the ledger lives, for messages: "Mongo ledger 'smartmigration' in appdb at localhost:27017". */
    String describe();

    /** One read; empty when the ledger was never written. */
    Optional<LedgerState> read();

    /**
     * One atomic attempt to take the lock: succeeds when no lock is held or the held lease
     * expired before {@code now}.
     *
     * @return the lease, or empty when another instance holds a live lease
     */
    Optional<LockInfo> tryAcquire(String owner, String host, Instant now, Instant expiresAt);

    /** Extends the lease; false when the token no longer holds the lock. */
    boolean renew(LockInfo lease, Instant newExpiry);

    /** One atomic write: sets the version, appends the entry, clears the checkpoint. */
    void advance(LockInfo lease, String toVersion, HistoryEntry entry, Instant now);

    /** Appends a FAILED entry; the version and the checkpoint stay. */
    void recordFailure(LockInfo lease, HistoryEntry entry, Instant now);

    /** Records the index declarations just ensured (fenced like every write under the lock). */
    void recordIndexes(LockInfo lease, EnsuredIndexes indexes);

    /** Replaces the checkpoint. */
    void saveCheckpoint(LockInfo lease, CheckpointState checkpoint);

    /** Gives the lock up; does nothing when the token no longer holds it. */
    void release(LockInfo lease);

    /**
     * Sets the version without the lock (test toolkit stamping, operator baseline): appends the
     * STAMPED entry and clears the checkpoint; the lock, if any, stays as it is.
     */
    void stamp(String version, HistoryEntry entry, Instant now);

    /** Removes the lock whoever holds it; returns the lock that was removed. */
    Optional<LockInfo> forceUnlock();

    /**
     * What an operator should know about this backend's guarantees, found while using it (for
     * example a store that ignores conditional writes); copied into every run's result.
     */
    default java.util.List<String> warnings() {
        return java.util.List.of();
    }

}
