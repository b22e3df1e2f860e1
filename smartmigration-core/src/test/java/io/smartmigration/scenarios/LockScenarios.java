package io.smartmigration.scenarios;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smartmigration.ErrorCode;
import io.smartmigration.HistoryEntry;
import io.smartmigration.LockPolicy;
import io.smartmigration.MigrationResult;
import io.smartmigration.Outcome;
import io.smartmigration.SmartMigration;
import io.smartmigration.SmartMigrationException;
import io.smartmigration.spi.SimulatedProcessDeath;
import io.smartmigration.internal.ledger.Ledger;
import io.smartmigration.internal.ledger.LedgerState;
import io.smartmigration.internal.ledger.LockInfo;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The lease lock: races, waiting, SKIP, renewal, takeover with fencing, crash and resume. */
public abstract class LockScenarios extends ScenarioBase {

    @Test
    @DisplayName("two runners racing on threads run each handler exactly once and both end at the target, 10 rounds")
    void twoRunnersRace() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 10; round++) {
                if (round > 0) {
                    backend.newNamespace();
                    runs.clear();
                }
                SmartMigration a = fourSteps(ctx -> Thread.sleep(5)).instanceId("a").build();
                SmartMigration b = fourSteps(ctx -> Thread.sleep(5)).instanceId("b").build();
                CountDownLatch start = new CountDownLatch(1);
                Future<MigrationResult> ra = pool.submit(() -> { start.await(); return a.run(); });
                Future<MigrationResult> rb = pool.submit(() -> { start.await(); return b.run(); });
                start.countDown();

                List<MigrationResult> results = List.of(ra.get(30, TimeUnit.SECONDS), rb.get(30, TimeUnit.SECONDS));

                assertThat(results).as("round %d", round).allMatch(MigrationResult::reachedTarget);
                assertThat(List.of(runsOf("s1"), runsOf("s2"), runsOf("s3"), runsOf("s4"))).as("round %d", round)
                        .containsOnly(1);
                assertThat(history()).as("round %d", round).hasSize(4);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** A runner on another thread that holds the lock inside step s1 until released. */
    private final class HolderInStepOne implements AutoCloseable {
        private final CountDownLatch holding = new CountDownLatch(1);
        private final CountDownLatch release = new CountDownLatch(1);
        private final CompletableFuture<MigrationResult> run;

        HolderInStepOne(String instanceId) throws InterruptedException {
            SmartMigration holder = fourSteps(ctx -> {
                if (ctx.step().id().equals("s1")) {
                    holding.countDown();
                    release.await(20, TimeUnit.SECONDS);
                }
            }).instanceId(instanceId).build();
            run = CompletableFuture.supplyAsync(holder::run);
            assertThat(holding.await(10, TimeUnit.SECONDS)).as("the holder reached step s1").isTrue();
        }

        MigrationResult finish() throws Exception {
            release.countDown();
            return run.get(20, TimeUnit.SECONDS);
        }

        @Override
        public void close() {
            release.countDown();
        }
    }

    @Test
    @DisplayName("a runner that waits longer than lockWait fails with LOCK_TIMEOUT naming the holder")
    void lockTimeoutNamesHolder() throws Exception {
        try (HolderInStepOne holder = new HolderInStepOne("holder-a")) {
            SmartMigration waiter = fourSteps().instanceId("waiter-b").lockWait(Duration.ofMillis(300)).build();

            assertThatThrownBy(waiter::run).isInstanceOfSatisfying(SmartMigrationException.class,
                    e -> assertThat(e.code()).isEqualTo(ErrorCode.LOCK_TIMEOUT))
                    .hasMessageContaining("held by 'holder-a'").hasMessageContaining("last renewed its lease")
                    .hasMessageContaining("would take the lock over in").hasMessageContaining("runs to");
            assertThat(holder.finish().reachedTarget()).isTrue();
        }
    }

    @Test
    @DisplayName("under LockPolicy.SKIP a runner returns LOCK_HELD_SKIPPED at once while another holds the lock")
    void skipPolicy() throws Exception {
        try (HolderInStepOne holder = new HolderInStepOne("holder-a")) {
            MigrationResult skipped = fourSteps().lockPolicy(LockPolicy.SKIP).build().run();

            assertThat(skipped.outcome()).isEqualTo(Outcome.LOCK_HELD_SKIPPED);
            assertThat(skipped.stepsApplied()).isEmpty();
            assertThat(runsOf("s1")).isEqualTo(1);
            assertThat(holder.finish().reachedTarget()).isTrue();
        }
    }

    @Test
    @DisplayName("lease renewal keeps a step that runs past its TTL safe from takeover")
    void renewalKeepsLongStepSafe() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        SmartMigration slow = fourSteps(ctx -> {
            if (ctx.step().id().equals("s1")) {
                started.countDown();
                Thread.sleep(6600);   // more than two TTLs
            }
        }).lockTtl(Duration.ofMillis(3000)).instanceId("slow").build();
        CompletableFuture<MigrationResult> first = CompletableFuture.supplyAsync(slow::run);
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();

        // Renewals every second against a 3 s lease (a ledger call may take at most the time left on it): a loaded 2-core machine may stall one, not three.
        MigrationResult second = fourSteps().lockTtl(Duration.ofMillis(3000)).lockWait(Duration.ofSeconds(40))
                .instanceId("patient").build().run();

        assertThat(first.get(40, TimeUnit.SECONDS).stepsApplied()).hasSize(4);
        assertThat(second.outcome()).isEqualTo(Outcome.NO_OP);
        assertThat(List.of(runsOf("s1"), runsOf("s2"), runsOf("s3"), runsOf("s4"))).containsOnly(1);
        assertThat(history()).extracting(HistoryEntry::owner).containsOnly("slow");
    }

    @Test
    @DisplayName("a lease taken over after it went unrenewed fences its stale holder: its next write is refused with LOCK_LOST")
    void takeoverFencesStaleHolder() throws Exception {
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        SmartMigration stale = fourSteps(ctx -> {
            if (ctx.step().id().equals("s1")) {
                holding.countDown();
                release.await(20, TimeUnit.SECONDS);
            }
        }).lockTtl(Duration.ofMinutes(10)).instanceId("stale").build();
        CompletableFuture<MigrationResult> staleRun = CompletableFuture.supplyAsync(stale::run);
        assertThat(holding.await(10, TimeUnit.SECONDS)).isTrue();
        // GIVEN a successor that watched the stale lease go unrenewed for its TTL (done here in one conditional write)
        Ledger ledger = ledgerOf(builder().build());
        LockInfo watched = ledger.read().flatMap(LedgerState::lock).orElseThrow();
        LockInfo successor = ledger.tryAcquire("successor", "host-s", Instant.now(), Duration.ofMinutes(10),
                Optional.of(watched)).orElseThrow();
        LedgerState afterTakeover = ledgerState().orElseThrow();

        // WHEN the stale holder carries on
        release.countDown();

        // THEN it is refused, and nothing it did reached the ledger
        assertThatThrownBy(() -> staleRun.get(20, TimeUnit.SECONDS)).hasCauseInstanceOf(SmartMigrationException.class)
                .cause().satisfies(e -> assertThat(((SmartMigrationException) e).code()).isEqualTo(ErrorCode.LOCK_LOST));
        LedgerState afterStale = ledgerState().orElseThrow();
        assertThat(afterStale.currentVersion()).isEqualTo(afterTakeover.currentVersion());
        assertThat(afterStale.history()).isEqualTo(afterTakeover.history());
        assertThat(afterStale.lock()).map(LockInfo::token).contains(successor.token());
    }

    @Test
    @DisplayName("a resumable step killed after page k resumes at page k+1 on the next run, each page done once")
    void crashedResumableStepResumes() {
        List<Integer> pagesDone = new CopyOnWriteArrayList<>();
        int pages = 6;
        int crashBefore = 3;
        java.util.concurrent.atomic.AtomicBoolean killed = new java.util.concurrent.atomic.AtomicBoolean();
        SmartMigration crashing = builder().targetVersion("1.1.0").lockTtl(Duration.ofSeconds(2)).instanceId("doomed")
                .step(step("pages", "1.0.0", "1.1.0", true, ctx -> {
                    int next = ctx.checkpoint().get("next").map(Integer::parseInt).orElse(0);
                    for (int page = next; page < pages; page++) {
                        if (page == crashBefore && !killed.getAndSet(true)) {
                            throw new SimulatedProcessDeath("killed before page " + page);
                        }
                        pagesDone.add(page);
                        ctx.checkpoint().put("next", Integer.toString(page + 1));
                    }
                })).build();

        assertThatThrownBy(crashing::run).isInstanceOf(SimulatedProcessDeath.class);
        assertThat(ledgerState().orElseThrow().lock()).as("a killed process leaves its lock").isPresent();
        assertThat(ledgerState().orElseThrow().checkpoint()).hasValueSatisfying(
                cp -> assertThat(cp.data()).containsEntry("next", "3"));

        MigrationResult resumed = InternalSteps.withSameSteps(crashing, builder().targetVersion("1.1.0")
                .lockTtl(Duration.ofSeconds(30)).lockWait(Duration.ofSeconds(30)).instanceId("successor")).run();

        assertThat(resumed.reachedTarget()).isTrue();
        assertThat(pagesDone).containsExactly(0, 1, 2, 3, 4, 5);
        assertThat(ledgerState().orElseThrow().checkpoint()).as("a completed step clears its checkpoint").isEmpty();
        assertThat(ledgerState().orElseThrow().lock()).as("the successor released the lock").isEmpty();
    }
}
