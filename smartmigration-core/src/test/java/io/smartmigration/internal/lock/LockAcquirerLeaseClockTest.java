package io.smartmigration.internal.lock;

import static org.assertj.core.api.Assertions.assertThat;

import io.smartmigration.internal.ledger.LockInfo;
import io.smartmigration.internal.lock.LeaseKeeperReleaseTest.FlakyLedger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** From when a lease counts, on the acquirer's monotonic clock (a fake one, moved by a "slow" set-up). */
@DisplayName("A lease counts from its acquiring call, not from the ledger's one-time write set-up")
class LockAcquirerLeaseClockTest {

    private static final Duration TTL = Duration.ofSeconds(2);

    private final AtomicLong ticker = new AtomicLong(5_000_000_000L);
    private final FlakyLedger ledger = new FlakyLedger();

    private LockAcquirer acquirer() {
        Instant now = Instant.now();
        ledger.grant = Optional.of(new LockInfo("me", "token", "host", now, now.plus(TTL)));
        // a cold JVM on a loaded machine: the S3 conditional-write probe takes a whole TTL
        ledger.duringPrepare = () -> ticker.addAndGet(TTL.toNanos());
        return new LockAcquirer(ledger, Clock.systemUTC(), ticker::get, TTL, "me", "host");
    }

    private void assertCountsAfterTheSetUp(Function<LockAcquirer, LockAcquirer.Attempt> acquire) {
        LockAcquirer acquirer = acquirer();
        long before = ticker.get();

        LockAcquirer.Attempt attempt = acquire.apply(acquirer);

        assertThat(attempt).isInstanceOfSatisfying(LockAcquirer.Attempt.Acquired.class,
                acquired -> assertThat(acquired.sentAtNanos()).isEqualTo(before + TTL.toNanos()));
    }

    @Test
    @DisplayName("GIVEN a write set-up that takes a whole TTL WHEN the lock is taken at once (SKIP policy)"
            + " THEN the lease counts from after the set-up, so it is not born expired")
    void tryOnceCountsAfterTheSetUp() {
        assertCountsAfterTheSetUp(LockAcquirer::tryOnce);
    }

    @Test
    @DisplayName("GIVEN a write set-up that takes a whole TTL WHEN the lock is waited for (WAIT policy)"
            + " THEN the lease counts from after the set-up")
    void awaitCountsAfterTheSetUp() {
        assertCountsAfterTheSetUp(a -> a.await(Duration.ofMinutes(1), state -> false));
    }
}
