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
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds a lease while steps run: renews it in the background at a third of its TTL, and notices
 * when a renewal finds the token gone (another instance took over).
 *
 * <p>It is also the lock guard of the handler's I/O ({@link #guard(String)}): an operation may be
 * sent only while this instance has no reason to think another one took the lock over. That is
 * decided on this instance's own monotonic clock: the lease counts from the moment the last
 * successful renewal (or the acquiring write) was <em>sent</em>, and a waiter takes a lease over
 * only after it has seen it unrenewed for a whole TTL on its own monotonic clock, starting after
 * that renewal landed. So once {@code ttl} has passed here since the last confirmed renewal, a
 * takeover may have happened: the guard then renews synchronously and lets the operation through
 * only if that renewal succeeds. A process frozen (SIGSTOP, a long GC pause) past its lease wakes
 * up to a refused operation, not to a write over its successor's work.
 *
 * <p>{@link #close()} releases the lock; {@link #abandon()} stops renewing without releasing, as a
 * killed process would.
 */
public final class LeaseKeeper implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LeaseKeeper.class);

    private final Ledger ledger;
    private final Clock clock;
    private final LongSupplier ticker;
    private final Duration ttl;
    private final AtomicReference<LockInfo> lease;
    private final ScheduledExecutorService renewer;
    /** Serialises renewals: the background one and the guard's synchronous one. */
    private final Object renewing = new Object();
    /** Monotonic time at which the last successful renewal (or the acquiring write) was sent. */
    private volatile long confirmedAt;
    private volatile boolean lost;
    private volatile boolean stopped;
    /** Set once the lock was given up (released, or abandoned): no more handler I/O. */
    private volatile boolean closed;
    private volatile boolean stopRequested;

    public LeaseKeeper(Ledger ledger, LockInfo lease, Clock clock, Duration ttl) {
        this(ledger, lease, System.nanoTime(), clock, System::nanoTime, ttl);
    }

    /**
     * @param acquiredAtNanos the monotonic time just before the acquiring write was sent
     * @param ticker          the monotonic clock in nanoseconds ({@code System::nanoTime}; a fake one in tests)
     */
    public LeaseKeeper(Ledger ledger, LockInfo lease, long acquiredAtNanos, Clock clock, LongSupplier ticker,
                       Duration ttl) {
        this.ledger = ledger;
        this.clock = clock;
        this.ticker = ticker;
        this.ttl = ttl;
        this.lease = new AtomicReference<>(lease);
        this.confirmedAt = acquiredAtNanos;
        this.renewer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "smartmigration-lease-" + lease.owner());
            thread.setDaemon(true);
            return thread;
        });
        long period = Math.max(10, ttl.toMillis() / 3);
        renewer.scheduleWithFixedDelay(this::renewInBackground, period, period, TimeUnit.MILLISECONDS);
    }

    /** The lease as last renewed. */
    public LockInfo lease() {
        return lease.get();
    }

    /** Throws LOCK_LOST unless this instance may still write under the lease (see {@link #guard}). */
    public void ensureHeld(String beforeWhat) {
        guard(beforeWhat);
    }

    /**
     * The lock guard: returns when this instance may still send an operation under its lease;
     * throws {@code LOCK_LOST} when it knows the lease is lost or given up, or when a whole TTL has
     * passed on its monotonic clock since its last successful renewal and a renewal made now fails.
     * Cheap on the fast path (two volatile reads and one {@code nanoTime}).
     */
    public void guard(String beforeWhat) {
        guard(beforeWhat, "");
    }

    /** {@link #guard(String)} for "{@code verb} {@code object}", the text built only when refused. */
    public void guard(String verb, String object) {
        if (lost || closed) {
            throw lockLost(verb, object, lost ? "its lease ran out and another instance took over"
                    : "it already gave the lock up (the run ended or the JVM is shutting down)");
        }
        if (ticker.getAsLong() - confirmedAt < ttl.toNanos()) {
            return;
        }
        boolean renewedNow = false;
        synchronized (renewing) {
            if (!lost && !closed && ticker.getAsLong() - confirmedAt >= ttl.toNanos()) {
                LOG.debug("lease of {} unconfirmed for a whole TTL; renewing before {} {}", lease.get().owner(), verb,
                        object);
                renewedNow = renew();
            } else {
                renewedNow = !lost && !closed;   // the background renewal confirmed it while this thread waited
            }
        }
        long unconfirmedMs = (ticker.getAsLong() - confirmedAt) / 1_000_000;
        // A renewal that just succeeded proves no one took over before it landed, even if it took longer than a TTL.
        if (lost || closed || !renewedNow) {
            throw lockLost(verb, object, lost ? "its lease ran out and another instance took over"
                    : "its lease was not renewed for " + unconfirmedMs + " ms (lockTtl " + ttl.toMillis()
                            + " ms) by this instance's clock, so another instance may have taken over, and renewing"
                            + " it now failed");
        }
    }

    private SmartMigrationException lockLost(String verb, String object, String why) {
        return new SmartMigrationException(ErrorCode.LOCK_LOST, "this instance '" + lease.get().owner()
                + "' may no longer write under the lock of the " + ledger.describe() + ", so it refused to " + verb
                + (object.isEmpty() ? "" : " " + object) + ": " + why + ". Nothing more was written by this instance; the step is retried by the instance"
                + " holding the lock or the next start. Raise lockTtl if steps or pauses stall longer than it");
    }

    public boolean isLost() {
        return lost;
    }

    /** Asks the running step to stop at its next batch or checkpoint boundary (JVM shutdown). */
    public void requestStop() {
        stopRequested = true;
    }

    /** Whether {@link #requestStop()} was called: the batch walks stop at their next boundary. */
    public boolean stopRequested() {
        return stopRequested;
    }

    private void renewInBackground() {
        synchronized (renewing) {
            renew();
        }
    }

    /** One renewal attempt; call with {@link #renewing} held. True when the ledger confirmed it. */
    private boolean renew() {
        if (stopped || lost) {
            return false;
        }
        LockInfo current = lease.get();
        long sent = ticker.getAsLong();
        try {
            LockInfo renewed = current.renewed(clock.instant().plus(ttl));
            if (ledger.renew(current, renewed.expiresAt())) {
                lease.set(renewed);
                confirmedAt = sent;
                LOG.debug("renewed lease of {} (renewal #{})", current.owner(), renewed.renewals());
                return true;
            } else if (!stopped) {
                lost = true;
                LOG.warn("lost the lock of the {}: another instance took it over after this lease went unrenewed",
                        ledger.describe());
            }
        } catch (RuntimeException e) {
            if (stopped) {
                // close() or abandon() interrupted a renewal in flight (an HTTP request aborts on interrupt)
                LOG.debug("lease renewal of {} interrupted by shutdown: {}", current.owner(), e.getMessage());
            } else {
                LOG.warn("could not renew the lease of {} (will retry): {}", current.owner(), e.getMessage());
            }
        }
        return false;
    }

    /** Stops renewing without releasing the lock, as a killed process would. */
    public void abandon() {
        stopped = true;
        closed = true;
        renewer.shutdownNow();
    }

    /** Stops renewing and releases the lock (unless it was lost); idempotent, safe from another thread. */
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
        if (!lost) {
            try {
                ledger.release(lease.get());
            } catch (RuntimeException e) {
                LOG.warn("could not release the lock of the {} (the next instance takes it over once it has seen it"
                        + " unrenewed for {} ms): {}", ledger.describe(), ttl.toMillis(), e.getMessage());
            }
        }
    }
}
