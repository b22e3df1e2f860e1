package io.smartmigration.internal.ledger.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smartmigration.ErrorCode;
import io.smartmigration.HistoryEntry;
import io.smartmigration.HistoryStatus;
import io.smartmigration.SmartMigrationException;
import io.smartmigration.internal.ledger.CheckpointState;
import io.smartmigration.internal.ledger.HistoryCodec;
import io.smartmigration.internal.ledger.LedgerState;
import io.smartmigration.internal.ledger.LockInfo;
import io.smartmigration.scenarios.S3TestBackend;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Object;

@DisplayName("The S3 ledger's compare-and-swap")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(60)
class S3LedgerCompareAndSwapTest {

    private static final Logger LOG = LoggerFactory.getLogger("io.smartmigration.scenarios.race");
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private final S3TestBackend s3 = new S3TestBackend();

    @BeforeEach
    void freshBucket() {
        s3.newNamespace();
    }

    @AfterAll
    void stop() {
        s3.close();
    }

    private S3Ledger ledger(String name) {
        return new S3Ledger(s3.client(), s3.bucket(), name, Clock.systemUTC());
    }

    private List<String> stateKeys(String name) {
        return s3.client().listObjectsV2(b -> b.bucket(s3.bucket()).prefix(".smartmigration/" + name + "/"))
                .contents().stream().map(S3Object::key).toList();
    }

    @Test
    @DisplayName("GIVEN 8 instances taking the lock of a fresh ledger at the same moment, 50 rounds, THEN exactly one"
            + " gets it each round and the ledger names it")
    void exactlyOneAcquirerPerRound() throws Exception {
        int instances = 8;
        ExecutorService pool = Executors.newFixedThreadPool(instances);
        TreeMap<Integer, Integer> roundsByWinners = new TreeMap<>();
        try {
            for (int round = 0; round < 50; round++) {
                String name = "race-" + round;
                CountDownLatch start = new CountDownLatch(1);
                List<Future<Optional<LockInfo>>> attempts = new ArrayList<>();
                for (int i = 0; i < instances; i++) {
                    S3Ledger ledger = ledger(name);
                    String owner = "instance-" + i;
                    attempts.add(pool.submit(() -> {
                        start.await();
                        return ledger.tryAcquire(owner, "host", T0, T0.plusSeconds(60));
                    }));
                }
                start.countDown();
                List<LockInfo> winners = new ArrayList<>();
                for (Future<Optional<LockInfo>> attempt : attempts) {
                    attempt.get(20, TimeUnit.SECONDS).ifPresent(winners::add);
                }
                roundsByWinners.merge(winners.size(), 1, Integer::sum);

                assertThat(winners).as("round %d", round).hasSize(1);
                assertThat(ledger(name).read().flatMap(LedgerState::lock)).as("round %d", round).contains(winners.get(0));
            }
        } finally {
            pool.shutdownNow();
        }
        LOG.info("8 racing tryAcquire on a fresh S3 ledger, 50 rounds: rounds by number of winners {}", roundsByWinners);
    }

    @Test
    @DisplayName("GIVEN a holder saving checkpoints while its lease is renewed on another thread THEN every write"
            + " lands: the last checkpoint and the latest expiry are both in the ledger")
    void holderWritesAndRenewalsRaceWithoutLoss() throws Exception {
        S3Ledger ledger = ledger("busy");
        LockInfo lease = ledger.tryAcquire("holder", "host", T0, T0.plusSeconds(60)).orElseThrow();
        int writes = 30;
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            CountDownLatch start = new CountDownLatch(1);
            Future<?> checkpoints = pool.submit(() -> {
                start.await();
                for (int i = 1; i <= writes; i++) {
                    ledger.saveCheckpoint(lease, new CheckpointState("step", Map.of("n", Integer.toString(i)), T0));
                }
                return null;
            });
            Future<?> renewals = pool.submit(() -> {
                start.await();
                for (int i = 1; i <= writes; i++) {
                    assertThat(ledger.renew(lease, T0.plusSeconds(60 + i))).isTrue();
                }
                return null;
            });
            start.countDown();
            checkpoints.get(30, TimeUnit.SECONDS);
            renewals.get(30, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }

        LedgerState state = ledger("busy").read().orElseThrow();
        assertThat(state.checkpoint()).map(c -> c.data().get("n")).contains(Integer.toString(writes));
        assertThat(state.lock()).map(LockInfo::expiresAt).contains(T0.plusSeconds(60 + writes));
        assertThat(state.lock()).map(LockInfo::token).contains(lease.token());
    }

    @Test
    @DisplayName("GIVEN many writes THEN old states are pruned: the prefix stays bounded and the newest state is intact")
    void oldStatesArePruned() {
        S3Ledger ledger = ledger("pruned");
        LockInfo lease = ledger.tryAcquire("holder", "host", T0, T0.plusSeconds(60)).orElseThrow();
        for (int i = 1; i <= 5 * S3Ledger.KEEP; i++) {
            ledger.saveCheckpoint(lease, new CheckpointState("step", Map.of("n", Integer.toString(i)), T0));
        }

        assertThat(stateKeys("pruned")).hasSizeLessThanOrEqualTo(2 * S3Ledger.KEEP);
        assertThat(ledger("pruned").read().flatMap(LedgerState::checkpoint)).map(c -> c.data().get("n"))
                .contains(Integer.toString(5 * S3Ledger.KEEP));
    }

    @Test
    @DisplayName("GIVEN a holder paused while its lease was taken over and the state after its last one was pruned"
            + " WHEN it writes THEN it is refused with LOCK_LOST and the successor's ledger is unchanged")
    void pausedHolderCannotReviveAPrunedState() {
        S3Ledger stale = ledger("paused");
        LockInfo staleLease = stale.tryAcquire("stale", "host", T0, T0.plusSeconds(60)).orElseThrow();
        S3Ledger successor = ledger("paused");
        Instant later = T0.plus(Duration.ofMinutes(2));
        LockInfo successorLease = successor.tryAcquire("successor", "host", later, Duration.ofSeconds(60),
                Optional.of(staleLease)).orElseThrow();
        for (int i = 1; i <= 3 * S3Ledger.KEEP; i++) {
            successor.saveCheckpoint(successorLease, new CheckpointState("step", Map.of("n", "s" + i), later));
        }
        S3StateStore store = new S3StateStore(s3.client(), s3.bucket(), "paused");
        assertThat(store.get(store.key(2), io.smartmigration.internal.ledger.Deadline.after(Duration.ofSeconds(30)))).as("the successor's lock state was pruned").isEmpty();
        LedgerState before = successor.read().orElseThrow();

        assertThatThrownBy(() -> stale.saveCheckpoint(staleLease, new CheckpointState("step", Map.of("n", "stale"), T0)))
                .isInstanceOfSatisfying(SmartMigrationException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.LOCK_LOST))
                .hasMessageContaining("successor");

        assertThat(store.get(store.key(2), io.smartmigration.internal.ledger.Deadline.after(Duration.ofSeconds(30)))).as("the stale holder did create the pruned key again").isPresent();
        assertThat(ledger("paused").read()).contains(before);
    }

    @Test
    @DisplayName("GIVEN an instance that last read a free ledger, paused while another took the lock and pruning freed"
            + " the next key WHEN it tries the lock THEN it is told the lock is held")
    void pausedAcquirerCannotReviveAPrunedState() {
        S3Ledger paused = ledger("paused-acquirer");
        S3Ledger holder = ledger("paused-acquirer");
        LockInfo first = holder.tryAcquire("holder", "host", T0, T0.plusSeconds(60)).orElseThrow();
        holder.release(first);
        assertThat(paused.read().flatMap(LedgerState::lock)).isEmpty();
        LockInfo lease = holder.tryAcquire("holder", "host", T0, T0.plusSeconds(600)).orElseThrow();
        for (int i = 1; i <= 3 * S3Ledger.KEEP; i++) {
            holder.saveCheckpoint(lease, new CheckpointState("step", Map.of("n", "h" + i), T0));
        }

        Optional<LockInfo> attempt = paused.tryAcquire("paused", "host", T0.plusSeconds(1), T0.plusSeconds(61));

        assertThat(attempt).isEmpty();
        assertThat(ledger("paused-acquirer").read().flatMap(LedgerState::lock)).contains(lease);
    }

    @Test
    @DisplayName("GIVEN a frozen clock WHEN the ledger is stamped 1.0.0, 1.1.0, then 1.0.0 again THEN each stamp"
            + " lands, although the first and the last history entries are equal")
    void equalEntriesUnderAFrozenClockAllLand() {
        S3Ledger ledger = ledger("frozen");
        for (String version : List.of("1.0.0", "1.1.0", "1.0.0")) {
            ledger.stamp(version, HistoryCodec.stamped("<test>", Optional.empty(), version, "t", T0), T0);
        }

        LedgerState state = ledger("frozen").read().orElseThrow();
        assertThat(state.currentVersion()).contains("1.0.0");
        assertThat(state.history()).extracting(HistoryEntry::to).containsExactly("1.0.0", "1.1.0", "1.0.0");
    }

    @Test
    @DisplayName("GIVEN another writer builds on a change before its writer lists the newest state THEN the writer"
            + " finds its change id and does not apply the change a second time")
    void changeBuiltUponBeforeItsWriterLooksIsNotRepeated() {
        S3Ledger other = ledger("built-upon");
        AtomicReference<Runnable> afterNextStatePut = new AtomicReference<>();
        ExecutionInterceptor hook = new ExecutionInterceptor() {
            @Override
            public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
                if (context.request() instanceof PutObjectRequest put && put.key().contains("/states/")) {
                    Runnable action = afterNextStatePut.getAndSet(null);
                    if (action != null) {
                        action.run();
                    }
                }
            }
        };
        try (S3Client hooked = s3.server().clientBuilder().overrideConfiguration(c -> c.addExecutionInterceptor(hook))
                .build()) {
            S3Ledger writer = new S3Ledger(hooked, s3.bucket(), "built-upon", Clock.systemUTC());
            LockInfo lease = writer.tryAcquire("holder", "host", T0, T0.plusSeconds(60)).orElseThrow();
            HistoryEntry applied = new HistoryEntry("step", "1.0.0", "1.1.0", HistoryStatus.APPLIED, false, T0, T0, 0,
                    "holder", Optional.empty());
            afterNextStatePut.set(() -> assertThat(other.renew(lease, T0.plusSeconds(120))).isTrue());

            writer.advance(lease, "1.1.0", applied, T0);
        }

        LedgerState state = ledger("built-upon").read().orElseThrow();
        assertThat(afterNextStatePut.get()).as("the other writer ran").isNull();
        assertThat(state.history()).extracting(HistoryEntry::stepId).containsExactly("step");
        assertThat(state.currentVersion()).contains("1.1.0");
        assertThat(state.lock()).map(LockInfo::expiresAt).contains(T0.plusSeconds(120));
    }
}
