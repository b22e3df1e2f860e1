package io.smartmigration.internal.lock;

import static org.assertj.core.api.Assertions.assertThat;

import io.smartmigration.internal.ledger.LockInfo;
import io.smartmigration.internal.lock.LeaseKeeperReleaseTest.FlakyLedger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * When the background renewal is due, on the holder's monotonic clock (a fake one here, moved by the test and
 * by "slow" ledger calls). The TTL is an hour, so the real background renewal never runs during a test.
 */
@DisplayName("The lease keeper renews a third of the TTL after each grant was sent, however long calls take")
class LeaseKeeperScheduleTest {

    private static final Duration TTL = Duration.ofHours(1);
    private static final long T = TTL.toNanos();

    private final AtomicLong ticker = new AtomicLong(1_000_000_000L);
    private final FlakyLedger ledger = new FlakyLedger();

    private LeaseKeeper keeperAcquiredAt(long sentAtNanos) {
        Instant now = Instant.now();
        return new LeaseKeeper(ledger, new LockInfo("me", "token", "host", now, now.plus(TTL)), sentAtNanos,
                Clock.systemUTC(), ticker::get, TTL);
    }

    @Test
    @DisplayName("GIVEN an acquire that took a quarter of the TTL before the keeper started (a loaded machine)"
            + " THEN the first renewal is due a third of the TTL after the acquiring write was sent, not after the start")
    void firstRenewalCountsFromTheAcquire() {
        long sent = ticker.get();
        ticker.addAndGet(T / 4);

        LeaseKeeper keeper = keeperAcquiredAt(sent);
        try {
            assertThat(keeper.renewalDueInNanos()).isEqualTo(T / 3 - T / 4);
        } finally {
            keeper.abandon();
        }
    }

    @Test
    @DisplayName("GIVEN a renewal call that takes a quarter of the TTL THEN the next renewal is due a third of the"
            + " TTL after that renewal was sent, so it keeps two thirds of the TTL to land in")
    void nextRenewalCountsFromTheSend() {
        LeaseKeeper keeper = keeperAcquiredAt(ticker.get());
        try {
            ledger.duringRenewal = () -> ticker.addAndGet(T / 4);
            long sent = ticker.addAndGet(T * 4 / 5);   // under a third left: the next ledger call renews first

            keeper.ensureHeld("save a checkpoint");

            assertThat(keeper.lease().renewals()).isEqualTo(1);
            assertThat(keeper.renewalDueInNanos()).isEqualTo(sent + T / 3 - ticker.get()).isEqualTo(T / 3 - T / 4);
        } finally {
            keeper.abandon();
        }
    }
}
