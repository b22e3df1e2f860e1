package io.smartmigration.internal.ledger;

import io.smartmigration.EnsuredIndexes;
import io.smartmigration.HistoryEntry;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A ledger backend. Reads are plain; every write made under the lock is conditional on the
 * lease's fencing token and throws {@code LOCK_LOST} when the token no longer holds the lock.
 * Backend failures surface as {@code LEDGER_UNAVAILABLE}, unreadable ledgers as
 * {@code LEDGER_CORRUPT} (and are never overwritten); no other exception leaves a call.
 *
 * <p>Every call is bounded in time by the ledger itself (see {@link CallBudgets}): the configured
 * lockTtl outside a lease, the time left on the lease for a call made under a lease that its
 * keeper {@link #bind bound}. Mongo ledger I/O never inherits the application's client defaults:
 * majority write concern with journaling, majority read concern, primary reads, the driver's
 * default codecs. Adding a backend: ARCHITECTURE.md, "Where to add things".
 */
public interface Ledger {

    /** Where the ledger lives, for messages: "Mongo ledger 'smartmigration' in appdb at localhost:27017". */
    String describe();

    /** One read; empty when the ledger was never written. */
    Optional<LedgerState> read();

    /**
     * One atomic attempt to take the lock: succeeds when no lock is held, or when the lock held is
     * still exactly {@code takeOver} ({@link LockInfo#sameLease same token, renewal count and expiry}):
     * the lease a waiter has watched go unrenewed for a whole TTL on its own monotonic clock. Whether
     * a lease "expired" is never decided here from {@code now}: instances' clocks disagree.
     *
     * @param now when the lease starts, by this instance's clock (written for people)
     * @param ttl the lease length; the lease written expires at {@code now + ttl} and records {@code ttl}
     * @return the lease, or empty when another lease holds the lock
     */
    Optional<LockInfo> tryAcquire(String owner, String host, Instant now, Duration ttl, Optional<LockInfo> takeOver);

    /** Takes a free lock only (no takeover), with the lease ending at {@code expiresAt}. */
    default Optional<LockInfo> tryAcquire(String owner, String host, Instant now, Instant expiresAt) {
        return tryAcquire(owner, host, now, Duration.between(now, expiresAt), Optional.empty());
    }

    /**
     * Extends the lease to {@code newExpiry} and bumps its renewal count (always, even when the
     * expiry does not move, since waiters watch the count); false when the token no longer holds the lock.
     */
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

    /**
     * Reads and validates the ledger, then removes exactly the lock that read found (a write
     * conditional on its token); returns that lock. A ledger that cannot be read as a ledger is
     * {@code LEDGER_CORRUPT} and nothing is written. When the lock changes between the read and the
     * write (its holder released it, or another instance took it over), the write matches nothing
     * and the call starts again from a fresh read.
     */
    Optional<LockInfo> forceUnlock();

    /**
     * Bounds every later call made with {@code lease} by {@code time} (the keeper's view of the lease),
     * until {@link #unbind}.
     */
    void bind(LockInfo lease, LeaseTime time);

    /** Ends {@link #bind}: calls with {@code lease} are bounded by the plain call timeout again. */
    void unbind(LockInfo lease);

    /**
     * What an operator should know about this backend's guarantees, found while using it (for
     * example a store that ignores conditional writes); copied into every run's result.
     */
    default java.util.List<String> warnings() {
        return java.util.List.of();
    }

}
