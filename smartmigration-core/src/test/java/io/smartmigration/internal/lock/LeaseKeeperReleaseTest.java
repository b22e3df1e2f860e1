package io.smartmigration.internal.lock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smartmigration.ErrorCode;
import io.smartmigration.HistoryEntry;
import io.smartmigration.SmartMigrationException;
import io.smartmigration.internal.ledger.CheckpointState;
import io.smartmigration.internal.ledger.LeaseTime;
import io.smartmigration.internal.ledger.Ledger;
import io.smartmigration.internal.ledger.LedgerState;
import io.smartmigration.internal.ledger.LockInfo;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The lease keeper sends nothing once its lease is known gone")
class LeaseKeeperReleaseTest {

    /** Renewals at 1 s and 2 s fail well before the lease runs out at 3 s, even on a loaded machine. */
    private static final Duration TTL = Duration.ofSeconds(3);

    /** A ledger whose renewals fail while {@code down} is set, and which counts releases. */
    private static final class FlakyLedger implements Ledger {
        final AtomicBoolean down = new AtomicBoolean();
        final AtomicInteger releases = new AtomicInteger();
        final AtomicReference<LeaseTime> bound = new AtomicReference<>();

        @Override
        public String describe() {
            return "test ledger";
        }

        @Override
        public Optional<LedgerState> read() {
            return Optional.empty();
        }

        @Override
        public Optional<LockInfo> tryAcquire(String owner, String host, Instant now, java.time.Duration ttl,
                                             Optional<LockInfo> takeOver) {
            return Optional.empty();
        }

        @Override
        public boolean renew(LockInfo lease, Instant newExpiry) {
            if (down.get()) {
                throw new SmartMigrationException(ErrorCode.LEDGER_UNAVAILABLE, "the test backend is down");
            }
            return true;
        }

        @Override
        public void advance(LockInfo lease, String toVersion, HistoryEntry entry, Instant now) {
        }

        @Override
        public void recordFailure(LockInfo lease, HistoryEntry entry, Instant now) {
        }

        @Override
        public void saveCheckpoint(LockInfo lease, CheckpointState checkpoint) {
        }

        @Override
        public void recordIndexes(LockInfo lease, io.smartmigration.EnsuredIndexes indexes) {
        }

        @Override
        public void release(LockInfo lease) {
            releases.incrementAndGet();
        }

        @Override
        public void stamp(String version, HistoryEntry entry, Instant now) {
        }

        @Override
        public Optional<LockInfo> forceUnlock() {
            return Optional.empty();
        }

        @Override
        public void bind(LockInfo lease, LeaseTime time) {
            bound.set(time);
        }

        @Override
        public void unbind(LockInfo lease) {
            bound.set(null);
        }
    }

    private static LockInfo lease(Clock clock) {
        Instant now = clock.instant();
        return new LockInfo("me", "token", "host", now, now.plus(TTL));
    }

    private static void awaitExpiry(LeaseKeeper keeper) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!keeper.isExpired()) {
            assertThat(System.nanoTime()).as("the lease ran out within 30 s").isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    @Test
    @DisplayName("GIVEN renewals that fail until the lease ran out WHEN the keeper closes THEN no release is sent,"
            + " and a ledger call under the lease is refused with LEDGER_UNAVAILABLE naming the renewal failure")
    void noReleaseOnceTheLeaseRanOut() throws InterruptedException {
        FlakyLedger ledger = new FlakyLedger();
        ledger.down.set(true);
        Clock clock = Clock.systemUTC();
        LeaseKeeper keeper = new LeaseKeeper(ledger, lease(clock), clock, TTL);
        LeaseTime bound = ledger.bound.get();

        awaitExpiry(keeper);
        assertThatThrownBy(() -> bound.left("save a checkpoint"))
                .isInstanceOfSatisfying(SmartMigrationException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.LEDGER_UNAVAILABLE))
                .hasMessageContaining("the test backend is down");
        keeper.close();

        assertThat(ledger.releases.get()).isZero();
        assertThat(ledger.bound.get()).as("unbound on close").isNull();
    }

    @Test
    @DisplayName("GIVEN a lease that renews WHEN the keeper closes THEN it releases the lock once, and ledger calls"
            + " under it were bounded by at most one TTL")
    void releasesALiveLease() {
        FlakyLedger ledger = new FlakyLedger();
        Clock clock = Clock.systemUTC();
        LeaseKeeper keeper = new LeaseKeeper(ledger, lease(clock), clock, TTL);

        Duration left = ledger.bound.get().left("save a checkpoint");
        keeper.close();

        assertThat(left).isPositive().isLessThanOrEqualTo(TTL);
        assertThat(ledger.releases.get()).isEqualTo(1);
    }
}
