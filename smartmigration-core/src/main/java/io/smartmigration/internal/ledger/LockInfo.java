package io.smartmigration.internal.ledger;

import java.time.Instant;

/**
 * The lease held on a ledger. {@code token} is the fencing token: every write made under the lock
 * is conditional on it, so an instance whose lease was taken over cannot write any more.
 */
public record LockInfo(String owner, String token, String host, Instant acquiredAt, Instant expiresAt) {

    public LockInfo withExpiresAt(Instant newExpiry) {
        return new LockInfo(owner, token, host, acquiredAt, newExpiry);
    }

    public boolean expiredAt(Instant now) {
        return !expiresAt.isAfter(now);
    }

    /** For messages and logs; owner and host come from the ledger, which may hold anything, so they are cut. */
    public String describe() {
        return "'" + io.smartmigration.internal.LogText.value(owner) + "' on host "
                + io.smartmigration.internal.LogText.value(host) + " (lease expires " + expiresAt + ")";
    }
}
