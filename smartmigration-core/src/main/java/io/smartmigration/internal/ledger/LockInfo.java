package io.smartmigration.internal.ledger;

import java.time.Duration;
import java.time.Instant;

/**
 * The lease held on a ledger. {@code token} is the fencing token: every write made under the lock
 * is conditional on it, so an instance whose lease was taken over cannot write any more.
 *
 * <p>{@code renewals} counts the holder's renewals (every renewal bumps it) and {@code ttl} is the
 * lease length the holder renews with. Together with the token they are what a waiter watches:
 * it takes a lease over only after it has seen the same {@link #sameLease lease} unchanged for a
 * whole {@code ttl} on its own monotonic clock. The instants ({@code acquiredAt},
 * {@code expiresAt}) are the holder's wall clock, written for people (status, CLI), never compared
 * with another instance's clock.
 */
public record LockInfo(String owner, String token, String host, Instant acquiredAt, Instant expiresAt,
                       long renewals, Duration ttl) {

    /** A lease as written by a ledger that did not count renewals (its TTL unknown: {@link Duration#ZERO}). */
    public LockInfo(String owner, String token, String host, Instant acquiredAt, Instant expiresAt) {
        this(owner, token, host, acquiredAt, expiresAt, 0, Duration.ZERO);
    }

    /** The lease after one more renewal until {@code newExpiry}. */
    public LockInfo renewed(Instant newExpiry) {
        return new LockInfo(owner, token, host, acquiredAt, newExpiry, renewals + 1, ttl);
    }

    /** The same as {@link #renewed(Instant)}. */
    public LockInfo withExpiresAt(Instant newExpiry) {
        return renewed(newExpiry);
    }

    /**
     * Whether {@code other} is this very lease in this very renewal: same token, same renewal count,
     * same expiry (the expiry too, so a holder that does not count renewals is still seen renewing).
     */
    public boolean sameLease(LockInfo other) {
        return token.equals(other.token) && renewals == other.renewals && expiresAt.equals(other.expiresAt);
    }

    /** The holder's TTL, or {@code fallback} when the ledger did not record it. */
    public Duration ttlOr(Duration fallback) {
        return ttl.isZero() || ttl.isNegative() ? fallback : ttl;
    }

    /** By the holder's wall clock as written, compared with {@code now}: for display only. */
    public boolean expiredAt(Instant now) {
        return !expiresAt.isAfter(now);
    }

    /** For messages and logs; owner and host come from the ledger, which may hold anything, so they are cut. */
    public String describe() {
        return "'" + io.smartmigration.internal.LogText.value(owner) + "' on host "
                + io.smartmigration.internal.LogText.value(host) + " (lease expires " + expiresAt + " by its clock)";
    }
}
