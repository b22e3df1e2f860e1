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
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes the ledger's lock: one atomic attempt, then, under the WAIT policy, waits with jittered
 * exponential backoff (25 ms doubling to 250 ms) until lockWait runs out. While the lock is held it
 * only reads the ledger, so an instance whose work was finished by the holder stops waiting at
 * once, and it attempts the (conditional) write again only when the lease is free or expired.
 */
public final class LockAcquirer {

    private static final Logger LOG = LoggerFactory.getLogger(LockAcquirer.class);
    private static final long INITIAL_BACKOFF_MS = 25;
    /** Bounds how late a waiter notices that the holder finished: at most this after the release. */
    private static final long MAX_BACKOFF_MS = 250;

    /** The answer: a lease, or the ledger state that made waiting pointless. */
    public sealed interface Attempt {
        record Acquired(LockInfo lease) implements Attempt {
        }

        record Held(Optional<LockInfo> holder) implements Attempt {
        }

        record NoLongerNeeded(LedgerState state) implements Attempt {
        }
    }

    private final Ledger ledger;
    private final Clock clock;
    private final Duration ttl;
    private final String owner;
    private final String host;

    public LockAcquirer(Ledger ledger, Clock clock, Duration ttl, String owner, String host) {
        this.ledger = ledger;
        this.clock = clock;
        this.ttl = ttl;
        this.owner = owner;
        this.host = host;
    }

    /** One attempt, no waiting. */
    public Attempt tryOnce() {
        var now = clock.instant();
        Optional<LockInfo> lease = ledger.tryAcquire(owner, host, now, now.plus(ttl));
        if (lease.isPresent()) {
            return new Attempt.Acquired(lease.get());
        }
        return new Attempt.Held(ledger.read().flatMap(LedgerState::lock));
    }

    /**
     * Waits up to {@code wait} for the lock.
     *
     * @param done tells, from a fresh read of the ledger, that the work no longer needs doing
     */
    public Attempt await(Duration wait, Predicate<LedgerState> done) {
        long deadline = System.nanoTime() + wait.toNanos();
        long backoffMs = INITIAL_BACKOFF_MS;
        boolean announced = false;
        boolean lockLooksFree = true;   // the caller just read a ledger that needed work
        while (true) {
            var now = clock.instant();
            if (lockLooksFree) {
                Optional<LockInfo> lease = ledger.tryAcquire(owner, host, now, now.plus(ttl));
                if (lease.isPresent()) {
                    return new Attempt.Acquired(lease.get());
                }
            }
            Optional<LedgerState> state = ledger.read();
            if (state.isPresent() && done.test(state.get())) {
                return new Attempt.NoLongerNeeded(state.get());
            }
            Optional<LockInfo> holder = state.flatMap(LedgerState::lock);
            // Only a free or expired lock is worth a write attempt; a live one is waited out with reads.
            lockLooksFree = state.flatMap(s -> s.liveLock(clock.instant())).isEmpty();
            if (!announced && !lockLooksFree) {
                LOG.info("waiting up to {} ms for the lock of the {}, held by {}", wait.toMillis(), ledger.describe(),
                        holder.map(LockInfo::describe).orElse("another instance"));
                announced = true;
            }
            long remainingMs = (deadline - System.nanoTime()) / 1_000_000;
            if (remainingMs <= 0) {
                throw timeout(wait, holder);
            }
            // A free lock that another racer just won is looked at again soon; a held one with backoff.
            long pause = lockLooksFree ? 5 : backoffMs + ThreadLocalRandom.current().nextLong(backoffMs / 2 + 1);
            sleep(Math.min(remainingMs, pause));
            if (!lockLooksFree) {
                backoffMs = Math.min(MAX_BACKOFF_MS, backoffMs * 2);
            }
        }
    }


    private SmartMigrationException timeout(Duration wait, Optional<LockInfo> holder) {
        return new SmartMigrationException(ErrorCode.LOCK_TIMEOUT, "waited " + wait.toMillis()
                + " ms for the lock of the " + ledger.describe() + ", held by "
                + holder.map(LockInfo::describe).orElse("another instance")
                + ". Another instance is probably migrating: retry after its lease expires, raise lockWait,"
                + " or use LockPolicy.SKIP; if the holder is dead, its lease expires on its own");
    }

    private void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SmartMigrationException(ErrorCode.LOCK_TIMEOUT, "the thread waiting for the lock of the "
                    + ledger.describe() + " was interrupted (the application is shutting down?) before lockWait ran out;"
                    + " nothing was written. The next start waits again", e);
        }
    }
}
