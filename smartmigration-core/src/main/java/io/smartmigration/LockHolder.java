package io.smartmigration;

import java.time.Instant;

/**
 * The instance holding a ledger's lock, as {@link MigrationStatus#lock()} shows it and
 * {@link SmartMigration#forceUnlock()} returns it.
 *
 * @param owner      the holder's {@code instanceId}
 * @param host       the host it runs on
 * @param acquiredAt when it took the lock
 * @param expiresAt  when its lease runs out unless renewed (a live holder renews it at a third of the TTL)
 * @param expired    whether the lease had run out when the ledger was read: the holder is most likely
 *                   dead, and the next run takes the lock over without waiting
 */
public record LockHolder(String owner, String host, Instant acquiredAt, Instant expiresAt, boolean expired) {

    /** One line for logs and tables. */
    public String describe() {
        return "'" + owner + "' on host " + host + ", acquired " + acquiredAt + ", lease "
                + (expired ? "expired " : "expires ") + expiresAt;
    }
}
