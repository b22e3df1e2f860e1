package io.smartmigration.internal.lock;

import io.smartmigration.ErrorCode;
import io.smartmigration.SmartMigrationException;
import io.smartmigration.internal.LogText;
import io.smartmigration.internal.ledger.Ledger;
import io.smartmigration.internal.ledger.LockInfo;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds a lease while steps run: renews it in the background at a third of its TTL, and notices
 * when a renewal finds the token gone (another instance took over after the lease expired).
 * {@link #close()} releases the lock; {@link #abandon()} stops renewing without releasing, as a
 * killed process would.
 *
 * <p>It also knows, on this JVM's monotonic clock, until when the lease holds: the start of the
 * last successful acquire or renewal plus the TTL. Every ledger call made under the lease is
 * bounded by the time left (it is {@link Ledger#bind bound} to the ledger); a call that would
 * start with less than a third of the TTL left renews first; none is sent once the lease ran
 * out, and {@link #close()} does not try to release a lease that is known to be gone.
 */
public final class LeaseKeeper implements AutoCloseable {
    // The lock guard of the handler's I/O ({@link #guard}) is this same lease clock: ctx.mongo()/ctx.s3() send
    // nothing once the lease is lost, given up, or ran out on this JVM's monotonic clock; a waiter takes a lease
    // over only after watching it unrenewed for a whole TTL on its own monotonic clock, after the last renewal
    // landed, so a frozen holder that wakes up finds its operations refused before it can write over a successor.

    private static final Logger LOG = LoggerFactory.getLogger(LeaseKeeper.class);

    private final Ledger ledger;
    private final Clock clock;
    private final Duration ttl;
    private final LongSupplier ticker;
    /** Set once the lock was given up (released, abandoned, or cut off after the shutdown grace). */
    private volatile boolean closed;
    private volatile boolean stopRequested;
    private final AtomicReference<LockInfo> lease;
    private final ScheduledExecutorService renewer;
    private volatile boolean lost;
    private volatile boolean stopped;
    /** Monotonic: until when the lease holds, by this instance's last successful acquire or renewal. */
    private volatile long validUntilNanos;
    /** Serialises renewals: the background one and the one a ledger call makes when little time is left. */
    private final Object renewing = new Object();
    /** Why the last renewal failed, while no renewal has succeeded since. */
    private volatile RuntimeException renewalFailure;

    public LeaseKeeper(Ledger ledger, LockInfo lease, Clock clock, Duration ttl) {
        // the lease was granted until expiresAt by this instance's own clock: what is left of it now
        this(ledger, lease, System.nanoTime() - Math.max(0, ttl.toNanos() - Math.max(0, Math.min(ttl.toNanos(),
                Duration.between(clock.instant(), lease.expiresAt()).toNanos()))), clock, System::nanoTime, ttl);
    }

    /**
     * @param acquiredAtNanos the monotonic time just before the acquiring write was sent: the lease counts from it
     * @param ticker          the monotonic clock in nanoseconds ({@code System::nanoTime}; a fake one in tests)
     */
    public LeaseKeeper(Ledger ledger, LockInfo lease, long acquiredAtNanos, Clock clock, LongSupplier ticker,
                       Duration ttl) {
        this.ledger = ledger;
        this.clock = clock;
        this.ttl = ttl;
        this.ticker = ticker;
        this.lease = new AtomicReference<>(lease);
        this.validUntilNanos = acquiredAtNanos + ttl.toNanos();
        ledger.bind(lease, this::timeLeft);
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

    /**
     * Throws LOCK_LOST if a renewal found that another instance took the lock over, and what
     * {@link #timeLeft} throws once the lease ran out without a successful renewal.
     */
    public void ensureHeld(String beforeWhat) {
        timeLeft(beforeWhat);
    }

    /**
     * The lock guard of {@code ctx.mongo()}/{@code ctx.s3()}: returns when this instance may still send an
     * operation under its lease, else throws {@code LOCK_LOST} (or {@code LEDGER_UNAVAILABLE} when the lease ran
     * out because renewals failed). The fast path is two volatile reads and one {@code nanoTime}; the text of
     * "{@code verb} {@code object}" is built only when refused.
     */
    public void guard(String verb, String object) {
        if (!lost && !closed && validUntilNanos - ticker.getAsLong() > ttl.toNanos() / 3) {
            return;
        }
        String what = object.isEmpty() ? verb : verb + " " + object;
        if (closed && !lost) {
            throw new SmartMigrationException(ErrorCode.LOCK_LOST, "this instance '" + lease.get().owner()
                    + "' refused to " + what + ": it already gave up the lock of the " + ledger.describe()
                    + " (the run ended, or the JVM is shutting down and the shutdown grace ran out)");
        }
        timeLeft(what);
    }

    /** Asks the running step to stop at its next batch or checkpoint boundary (JVM shutdown). */
    public void requestStop() {
        stopRequested = true;
    }

    /** Whether {@link #requestStop()} was called: the batch walks stop at their next boundary. */
    public boolean stopRequested() {
        return stopRequested;
    }

    private void ensureNotTakenOver(String beforeWhat) {
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

    /** Whether the lease ran out on this instance's clock without a successful renewal. */
    public boolean isExpired() {
        return ticker.getAsLong() - validUntilNanos >= 0;
    }

    /**
     * The time left on the lease, for a ledger call about to be made under it.
     *
     * @throws SmartMigrationException LOCK_LOST when another instance took the lock over, or when the lease
     *                                 ran out while this instance was stalled; LEDGER_UNAVAILABLE when it ran
     *                                 out because renewals failed (the backend is unreachable)
     */
    public Duration timeLeft(String beforeWhat) {
        ensureNotTakenOver(beforeWhat);
        long left = validUntilNanos - ticker.getAsLong();
        if (left > 0 && left < ttl.toNanos() / 3 && !Thread.holdsLock(renewing)) {
            // renewals lag (a loaded machine, a pause): renew now rather than start a call with little time
            // left; a renewal that succeeds is fenced on the token, so it proves no one took the lease over
            renew();
            ensureNotTakenOver(beforeWhat);
            left = validUntilNanos - ticker.getAsLong();
        }
        if (left > 0) {
            return Duration.ofNanos(left);
        }
        Instant ranOut = clock.instant().minusNanos(-left);
        RuntimeException failure = renewalFailure;
        if (failure != null) {
            throw new SmartMigrationException(ErrorCode.LEDGER_UNAVAILABLE, "the lease of this instance '"
                    + lease.get().owner() + "' on the " + ledger.describe() + " ran out at about " + ranOut
                    + " without a successful renewal, so it did not " + beforeWhat + ". The last renewal failed: "
                    + LogText.cut(failure.getMessage()) + ". Nothing more was written; the next instance takes"
                    + " over once the backend answers again", failure);
        }
        throw new SmartMigrationException(ErrorCode.LOCK_LOST, "the lease of this instance '" + lease.get().owner()
                + "' on the " + ledger.describe() + " ran out at about " + ranOut + " before it could " + beforeWhat
                + ": no renewal ran in time (a stalled process: a long GC pause, a frozen container?), so another"
                + " instance may have taken over. Nothing more was written; raise lockTtl if such stalls are expected");
    }

    private void renew() {
        synchronized (renewing) {
            renewHoldingLock();
        }
    }

    private void renewHoldingLock() {
        if (stopped || lost) {
            return;
        }
        LockInfo current = lease.get();
        if (isExpired()) {
            // the lease is gone: renewing it now could hand it back after a waiter took it over
            stopped = true;
            LOG.warn("smartmigration: the lease of {} on the {} ran out at about {} without a successful renewal{};"
                    + " not renewing it any more", current.owner(), ledger.describe(), current.expiresAt(),
                    renewalFailure == null ? "" : " (last failure: " + LogText.cut(renewalFailure.getMessage()) + ")");
            return;
        }
        try {
            long requestedAt = ticker.getAsLong();
            LockInfo renewed = current.renewed(clock.instant().plus(ttl));
            if (ledger.renew(current, renewed.expiresAt())) {
                validUntilNanos = requestedAt + ttl.toNanos();
                renewalFailure = null;
                lease.set(renewed);
                LOG.debug("renewed lease of {} until {}", current.owner(), renewed.expiresAt());
            } else if (!stopped) {
                lost = true;
                LOG.warn("lost the lock of the {}: another instance took it over after this lease expired at {}",
                        ledger.describe(), current.expiresAt());
            }
        } catch (RuntimeException e) {
            renewalFailure = e;
            if (stopped) {
                // close() or abandon() interrupted a renewal in flight (an HTTP request aborts on interrupt)
                LOG.debug("lease renewal of {} interrupted by shutdown: {}", current.owner(), e.getMessage());
            } else {
                LOG.warn("could not renew the lease of {} (will retry): {}", current.owner(), LogText.cut(e.getMessage()));
            }
        }
    }

    /** Stops renewing without releasing the lock, as a killed process would. */
    public void abandon() {
        stopped = true;
        closed = true;
        renewer.shutdownNow();
        ledger.unbind(lease.get());
    }

    /** Stops renewing and releases the lock (unless it was lost). */
    @Override
    public void close() {
        stopped = true;
        closed = true;
        renewer.shutdownNow();
        try {
            renewer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            if (lost) {
                return;
            }
            if (isExpired()) {
                // nothing is sent once the lease is known gone: a release now would cost a call timeout
                LOG.debug("not releasing the lock of the {}: the lease of {} ran out already", ledger.describe(),
                        lease.get().owner());
                return;
            }
            ledger.release(lease.get());
        } catch (RuntimeException e) {
            LOG.warn("could not release the lock of the {} (it expires at {}): {}", ledger.describe(),
                    lease.get().expiresAt(), LogText.cut(e.getMessage()));
        } finally {
            ledger.unbind(lease.get());
        }
    }
}
