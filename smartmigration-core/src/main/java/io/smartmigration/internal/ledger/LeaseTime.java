package io.smartmigration.internal.ledger;

import java.time.Duration;

/**
 * The holder's own view of how long its lease still holds, on its monotonic clock (the lease
 * keeper's). A ledger call made under the lease is bounded by it: a write that would land after
 * the lease ran out is pointless (another instance may own the lock by then), so it is not sent.
 */
@FunctionalInterface
public interface LeaseTime {

    /**
     * @param what the call about to be made, for the message
     * @return the time left on the lease, positive
     * @throws io.smartmigration.SmartMigrationException when the lease is known to be gone
     */
    Duration left(String what);
}
