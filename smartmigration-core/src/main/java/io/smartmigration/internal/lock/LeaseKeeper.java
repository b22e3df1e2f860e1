package io.smartmigration.internal.lock;

import io.smartmigration.ErrorCode;
import io.smartmigration.SmartMigrationException;
import io.smartmigration.internal.ledger.Ledger;
import io.smartmigration.internal.ledger.LockInfo;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds a lease while steps run: renews it in the background at a third of its TTL, and notices
 * when a renewal finds the token gone (another instance took over after the lease expired).
 * {@link #close()} releases the lock; {@link #abandon()} stops renewing without releasing, as a
 * killed process would.
 */
public final class LeaseKeeper implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LeaseKeeper.class);

    private final Ledger ledger;
    private final Clock clock;
    private final Duration ttl;
    private final AtomicReference<LockInfo> lease;
    private final ScheduledExecutorService renewer;
    private volatile boolean lost;
    private volatile boolean stopped;

    public LeaseKeeper(Ledger ledger, LockInfo lease, Clock clock, Duration ttl) {
        this.ledger = ledger;
        this.clock = clock;
        this.ttl = ttl;
        this.lease = new AtomicReference<>(lease);
        this.renewer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "smartmigration-lease-" + lease.owner());
            thread.setDaemon(true);
            return thread;
        });
        long period = Math.max(10, ttl.toMillis() / 3);
        renewer.scheduleWithFixedDelay(this::renew, period, period, TimeUnit.MILLISECONDS);
    }

    /** The lease as last renewed. */
    public LockInfo lease() {
        return lease.get();
    }

    /** Throws LOCK_LOST if a renewal found that another instance took the lock over. */
    public void ensureHeld(String beforeWhat) {
        if (lost) {
            throw new SmartMigrationException(ErrorCode.LOCK_LOST, "this instance '" + lease.get().owner()
                    + "' lost the lock of the " + ledger.describe() + " before it could " + beforeWhat
                    + ": its lease ran out and another instance took over. Nothing more was written;"
                    + " raise lockTtl if steps stall longer than it");
        }
    }

    public boolean isLost() {
        return lost;
    }

    private void renew() {
        if (stopped || lost) {
            return;
        }
        LockInfo current = lease.get();
        try {
            LockInfo renewed = current.withExpiresAt(clock.instant().plus(ttl));
            if (ledger.renew(current, renewed.expiresAt())) {
                lease.set(renewed);
                LOG.debug("renewed lease of {} until {}", current.owner(), renewed.expiresAt());
            } else if (!stopped) {
                lost = true;
                LOG.warn("lost the lock of the {}: another instance took it over after this lease expired at {}",
                        ledger.describe(), current.expiresAt());
            }
        } catch (RuntimeException e) {
            if (stopped) {
                // close() or abandon() interrupted a renewal in flight (an HTTP request aborts on interrupt)
                LOG.debug("lease renewal of {} interrupted by shutdown: {}", current.owner(), e.getMessage());
            } else {
                LOG.warn("could not renew the lease of {} (will retry): {}", current.owner(), e.getMessage());
            }
        }
    }

    /** Stops renewing without releasing the lock, as a killed process would. */
    public void abandon() {
        stopped = true;
        renewer.shutdownNow();
    }

    /** Stops renewing and releases the lock (unless it was lost). */
    @Override
    public void close() {
        stopped = true;
        renewer.shutdownNow();
        try {
            renewer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!lost) {
            try {
                ledger.release(lease.get());
            } catch (RuntimeException e) {
                LOG.warn("could not release the lock of the {} (it expires at {}): {}", ledger.describe(),
                        lease.get().expiresAt(), e.getMessage());
            }
        }
    }
}
