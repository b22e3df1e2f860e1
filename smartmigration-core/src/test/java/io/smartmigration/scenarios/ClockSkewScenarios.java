package io.smartmigration.scenarios;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smartmigration.ErrorCode;
import io.smartmigration.HistoryEntry;
import io.smartmigration.MigrationResult;
import io.smartmigration.Outcome;
import io.smartmigration.SmartMigration;
import io.smartmigration.SmartMigrationException;
import io.smartmigration.spi.SimulatedProcessDeath;
import io.smartmigration.internal.ledger.Ledger;
import io.smartmigration.internal.ledger.LedgerState;
import io.smartmigration.internal.ledger.LockInfo;
import io.smartmigration.internal.lock.LockAcquirer;
import io.smartmigration.internal.lock.LockAcquirer.Attempt;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * DESIGN.md "Clocks": a renewing lease is never taken over whatever the waiter's clock says; a dead
 * holder's lease is taken over about one TTL of the waiter's own (monotonic) time after its last
 * renewal. The acquirer tests run on virtual monotonic time (a ticker that moves a fixed step per
 * look), so they decide nothing by the machine's speed; the run tests use real time and only bound it.
 */
public abstract class ClockSkewScenarios extends ScenarioBase {

    private static final Duration HOUR = Duration.ofHours(1);
    private static final Duration TTL = Duration.ofSeconds(2);

    /** Virtual monotonic time: every look moves it by {@code step}. */
    private static final class Ticker {
        final AtomicLong nanos = new AtomicLong(1_000_000_000L);
        final long step;

        Ticker(Duration step) {
            this.step = step.toNanos();
        }

        long tick() {
            return nanos.addAndGet(step);
        }
    }

    /** The ledger as a waiter sees it while the holder renews between every two of the waiter's reads. */
    private static Ledger renewingBetweenReads(Ledger ledger, LockInfo[] holder, Clock holderClock) {
        return (Ledger) Proxy.newProxyInstance(Ledger.class.getClassLoader(), new Class<?>[] {Ledger.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("read")) {
                        LockInfo renewed = holder[0].renewed(holderClock.instant().plus(TTL));
                        assertThat(ledger.renew(holder[0], renewed.expiresAt())).isTrue();
                        holder[0] = renewed;
                    }
                    return method.isDefault() ? java.lang.reflect.InvocationHandler.invokeDefault(proxy, method, args)
                            : method.invoke(ledger, args);
                });
    }

    @Test
    @DisplayName("GIVEN a holder that keeps renewing WHEN a waiter whose clock is 1 h ahead waits a whole minute of its"
            + " monotonic time THEN it never takes the lease over and fails with LOCK_TIMEOUT")
    void waiterAheadNeverTakesARenewingLease() {
        Ledger ledger = ledgerOf(builder().build());
        Clock holderClock = Clock.systemUTC();
        LockInfo[] holder = {ledger.tryAcquire("holder", "host-h", holderClock.instant(), TTL, Optional.empty())
                .orElseThrow()};
        Ticker ticker = new Ticker(Duration.ofSeconds(2));   // each look of the waiter: a whole TTL later
        LockAcquirer waiter = new LockAcquirer(renewingBetweenReads(ledger, holder, holderClock),
                Clock.offset(Clock.systemUTC(), HOUR), ticker::tick, TTL, "waiter-ahead", "host-w");

        assertThatThrownBy(() -> waiter.await(Duration.ofSeconds(60), s -> false))
                .isInstanceOfSatisfying(SmartMigrationException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.LOCK_TIMEOUT))
                .hasMessageContaining("held by 'holder'");
        assertThat(ledger.read().flatMap(LedgerState::lock)).map(LockInfo::token).contains(holder[0].token());
    }

    @Test
    @DisplayName("GIVEN a dead holder's lease WHEN a waiter whose clock is 1 h behind waits THEN it takes the lease over"
            + " once it has seen it unrenewed for one TTL of its own time, not 1 h later")
    void waiterBehindTakesADeadLeaseAfterOneTtl() {
        Ledger ledger = ledgerOf(builder().build());
        LockInfo dead = ledger.tryAcquire("dead", "host-d", Instant.now(), TTL, Optional.empty()).orElseThrow();
        Ticker ticker = new Ticker(Duration.ofMillis(100));
        LockAcquirer waiter = new LockAcquirer(ledger, Clock.offset(Clock.systemUTC(), HOUR.negated()), ticker::tick,
                TTL, "waiter-behind", "host-w");
        long start = ticker.nanos.get();

        Attempt attempt = waiter.await(Duration.ofSeconds(60), s -> false);

        assertThat(attempt).isInstanceOf(Attempt.Acquired.class);
        long waitedMs = (((Attempt.Acquired) attempt).sentAtNanos() - start) / 1_000_000;
        assertThat(waitedMs).as("virtual ms waited").isBetween(TTL.toMillis(), TTL.toMillis() + 2_000);
        LockInfo now = ledger.read().flatMap(LedgerState::lock).orElseThrow();
        assertThat(now.owner()).isEqualTo("waiter-behind");
        assertThat(now.token()).isNotEqualTo(dead.token());
    }

    @Test
    @DisplayName("GIVEN a dead holder's lease WHEN a waiter 1 h behind gives up after lockWait THEN LOCK_TIMEOUT names"
            + " the holder, how long it watched the lease unrenewed and how soon it would take over, at most one TTL")
    void lockTimeoutIsTruthfulUnderSkew() {
        Ledger ledger = ledgerOf(builder().build());
        ledger.tryAcquire("dead", "host-d", Instant.now(), TTL, Optional.empty()).orElseThrow();
        Ticker ticker = new Ticker(Duration.ofMillis(100));
        LockAcquirer waiter = new LockAcquirer(ledger, Clock.offset(Clock.systemUTC(), HOUR.negated()), ticker::tick,
                TTL, "waiter-behind", "host-w");

        assertThatThrownBy(() -> waiter.await(Duration.ofMillis(500), s -> false))
                .isInstanceOfSatisfying(SmartMigrationException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.LOCK_TIMEOUT);
                    assertThat(e.getMessage()).contains("held by 'dead' on host host-d").contains("last renewed");
                    Matcher left = Pattern.compile("take the lock over in (\\d+) ms").matcher(e.getMessage());
                    assertThat(left.find()).as("names the time left: %s", e.getMessage()).isTrue();
                    assertThat(Long.parseLong(left.group(1))).isBetween(1L, TTL.toMillis());
                });
    }

    @Test
    @DisplayName("GIVEN a holder renewing through a step longer than two TTLs WHEN a runner whose clock is 1 h ahead"
            + " waits for it THEN no step runs twice and the waiter finds the work done")
    void runnerAheadDoesNotRunALiveHoldersStep() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        Duration lease = Duration.ofSeconds(3);   // renewed every second: a loaded machine may stall one, not three
        SmartMigration slow = fourSteps(ctx -> {
            if (ctx.step().id().equals("s1")) {
                started.countDown();
                Thread.sleep(6500);   // more than two leases
            }
        }).lockTtl(lease).instanceId("slow").build();
        CompletableFuture<MigrationResult> first = CompletableFuture.supplyAsync(slow::run);
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();

        MigrationResult ahead = fourSteps().lockTtl(lease).lockWait(Duration.ofSeconds(20))
                .clock(Clock.offset(Clock.systemUTC(), HOUR)).instanceId("ahead").build().run();

        assertThat(first.get(30, TimeUnit.SECONDS).stepsApplied()).hasSize(4);
        assertThat(ahead.outcome()).isEqualTo(Outcome.NO_OP);
        assertThat(List.of(runsOf("s1"), runsOf("s2"), runsOf("s3"), runsOf("s4"))).containsOnly(1);
        assertThat(history()).extracting(HistoryEntry::owner).containsOnly("slow");
    }

    @Test
    @DisplayName("GIVEN a holder killed inside a step WHEN a runner whose clock is 1 h behind starts THEN it takes over"
            + " within its lockWait (about one TTL) and finishes the chain")
    void runnerBehindTakesOverADeadHolder() {
        SmartMigration doomed = fourSteps(ctx -> {
            if (ctx.step().id().equals("s2")) {
                throw new SimulatedProcessDeath("killed in s2");
            }
        }).lockTtl(Duration.ofSeconds(2)).instanceId("doomed").build();
        assertThatThrownBy(doomed::run).isInstanceOf(SimulatedProcessDeath.class);
        assertThat(ledgerState().orElseThrow().lock()).as("a killed process leaves its lock").isPresent();

        MigrationResult behind = fourSteps().lockTtl(Duration.ofSeconds(3)).lockWait(Duration.ofSeconds(20))
                .clock(Clock.offset(Clock.systemUTC(), HOUR.negated())).instanceId("behind").build().run();

        assertThat(behind.reachedTarget()).isTrue();
        assertThat(behind.stepsApplied()).extracting(a -> a.id()).containsExactly("s2", "s3", "s4");
        assertThat(ledgerState().orElseThrow().lock()).isEmpty();
    }
}
