package io.smartmigration.internal.lock;

import io.smartmigration.ErrorCode;
import io.smartmigration.SmartMigrationException;
import io.smartmigration.internal.ledger.Ledger;
import io.smartmigration.internal.ledger.LedgerState;
import io.smartmigration.internal.ledger.LockInfo;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes the ledger's lock: one atomic attempt, then, under the WAIT policy, waits with jittered
 * exponential backoff (25 ms doubling to 250 ms) until lockWait runs out.
 *
 * <h2>Why no clock is compared with another instance's</h2>
 * A held lease is taken over only after this instance has seen it <em>unchanged</em> (same token,
 * same renewal count, same expiry) for the holder's whole TTL on its own monotonic clock
 * ({@code System.nanoTime}); the takeover write is conditional on the lease still being exactly
 * the one watched. A holder that keeps renewing (every third of its TTL) changes the renewal count
 * long before that, whatever either clock says, so its lease is never taken over; a dead holder's
 * lease is taken over one TTL after this instance first saw its last renewal. The wall-clock
 * {@code expiresAt} in the ledger is for people only. The price: a waiter that arrives long after
 * a holder died still waits one TTL from its own arrival.
 *
 * <p>While the lock is held the waiter only reads the ledger, so an instance whose work was
 * finished by the holder stops waiting at once.
 */
public final class LockAcquirer {

    private static final Logger LOG = LoggerFactory.getLogger(LockAcquirer.class);
    private static final long INITIAL_BACKOFF_MS = 25;
    /** Bounds how late a waiter notices that the holder finished: at most this after the release. */
    private static final long MAX_BACKOFF_MS = 250;

    /** The answer: a lease, or the ledger state that made waiting pointless. */
    public sealed interface Attempt {
        /** @param sentAtNanos the monotonic time just before the winning write was sent: the lease counts from it */
        record Acquired(LockInfo lease, long sentAtNanos) implements Attempt {
        }

        record Held(Optional<LockInfo> holder) implements Attempt {
        }

        record NoLongerNeeded(LedgerState state) implements Attempt {
        }
    }

    /** A lease this instance watches, and since when (monotonic) it has seen it unchanged. */
    private record Watched(LockInfo lease, long sinceNanos, Duration ttl) {
        long untilTakeoverNanos(long now) {
            return ttl.toNanos() - (now - sinceNanos);
        }
    }

    private final Ledger ledger;
    private final Clock clock;
    private final LongSupplier ticker;
    private final Duration ttl;
    private final String owner;
    private final String host;

    public LockAcquirer(Ledger ledger, Clock clock, Duration ttl, String owner, String host) {
        this(ledger, clock, System::nanoTime, ttl, owner, host);
    }

    /** @param ticker the monotonic clock, in nanoseconds ({@code System::nanoTime}; a fake one in tests) */
    public LockAcquirer(Ledger ledger, Clock clock, LongSupplier ticker, Duration ttl, String owner, String host) {
        this.ledger = ledger;
        this.clock = clock;
        this.ticker = ticker;
        this.ttl = ttl;
        this.owner = owner;
        this.host = host;
    }

    /** One attempt, no waiting: takes a free lock only. */
    public Attempt tryOnce() {
        long sent = ticker.getAsLong();
        Optional<LockInfo> lease = ledger.tryAcquire(owner, host, clock.instant(), ttl, Optional.empty());
        if (lease.isPresent()) {
            return new Attempt.Acquired(lease.get(), sent);
        }
        return new Attempt.Held(ledger.read().flatMap(LedgerState::lock));
    }

    /**
     * Waits up to {@code wait} for the lock.
     *
     * @param done tells, from a fresh read of the ledger, that the work no longer needs doing
     */
    public Attempt await(Duration wait, Predicate<LedgerState> done) {
        long deadline = ticker.getAsLong() + wait.toNanos();
        long backoffMs = INITIAL_BACKOFF_MS;
        boolean announced = false;
        boolean attempt = true;   // the caller just read a ledger that needed work
        Watched watched = null;
        while (true) {
            if (attempt) {
                Optional<LockInfo> takeOver = Optional.ofNullable(watched).map(Watched::lease);
                long sent = ticker.getAsLong();
                Optional<LockInfo> lease = ledger.tryAcquire(owner, host, clock.instant(), ttl, takeOver);
                if (lease.isPresent()) {
                    takeOver.ifPresent(dead -> LOG.info("took over the lock of the {} from {}: its lease went"
                                    + " unrenewed for {} ms by this instance's clock", ledger.describe(), dead.describe(),
                            dead.ttlOr(ttl).toMillis()));
                    return new Attempt.Acquired(lease.get(), sent);
                }
            }
            Optional<LedgerState> state = ledger.read();
            long seenAt = ticker.getAsLong();   // after the answer: the holder's last renewal landed before it
            if (state.isPresent() && done.test(state.get())) {
                return new Attempt.NoLongerNeeded(state.get());
            }
            Optional<LockInfo> holder = state.flatMap(LedgerState::lock);
            if (holder.isEmpty()) {
                watched = null;
            } else if (watched == null || !watched.lease().sameLease(holder.get())) {
                watched = new Watched(holder.get(), seenAt, holder.get().ttlOr(ttl));
            }
            long untilTakeover = watched == null ? 0 : watched.untilTakeoverNanos(seenAt);
            attempt = untilTakeover <= 0;
            if (!announced && !attempt) {
                LOG.info("waiting up to {} ms for the lock of the {}, held by {}", wait.toMillis(), ledger.describe(),
                        holder.map(LockInfo::describe).orElse("another instance"));
                announced = true;
            }
            long remainingNanos = deadline - ticker.getAsLong();
            if (remainingNanos <= 0) {
                throw timeout(wait, watched);
            }
            // A free lock that another racer just won is looked at again soon; a held one with backoff,
            // waking up when its takeover becomes due.
            long pauseMs = attempt ? 5 : Math.min(backoffMs + ThreadLocalRandom.current().nextLong(backoffMs / 2 + 1),
                    Math.max(1, untilTakeover / 1_000_000 + 1));
            sleep(Math.min(Math.max(1, remainingNanos / 1_000_000), pauseMs));
            if (!attempt) {
                backoffMs = Math.min(MAX_BACKOFF_MS, backoffMs * 2);
            }
        }
    }

    private SmartMigrationException timeout(Duration wait, Watched watched) {
        String held;
        if (watched == null) {
            held = "another instance (the lock was free at the last look, but others won the race for it)";
        } else {
            long now = ticker.getAsLong();
            long seenMs = (now - watched.sinceNanos()) / 1_000_000;
            long leftMs = Math.max(0, watched.untilTakeoverNanos(now) / 1_000_000);
            LockInfo lease = watched.lease();
            held = "'" + lease.owner() + "' on host " + lease.host() + ", which last renewed its lease (renewal #"
                    + lease.renewals() + ", token " + lease.token() + ") at least " + seenMs
                    + " ms ago by this instance's clock; if it renews no more, this instance would take the lock over in "
                    + leftMs + " ms (after " + watched.ttl().toMillis() + " ms, the holder's lockTtl, without a renewal)."
                    + " The holder's own clock says its lease runs to " + lease.expiresAt();
        }
        return new SmartMigrationException(ErrorCode.LOCK_TIMEOUT, "waited " + wait.toMillis()
                + " ms for the lock of the " + ledger.describe() + ", held by " + held
                + ". Another instance is probably migrating: raise lockWait (above lockTtl to ride out a dead holder),"
                + " retry later, or use LockPolicy.SKIP; if the holder is known dead, forceUnlock() frees the lock now");
    }

    private void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SmartMigrationException(ErrorCode.INTERRUPTED, "the thread waiting for the lock of the "
                    + ledger.describe() + " was interrupted (the application is shutting down?) before lockWait ran out;"
                    + " nothing was written and no lock is held. The next start waits again", e);
        }
    }
}
