package io.smartmigration.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import io.smartmigration.MigrationResult;
import io.smartmigration.SmartMigration;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

@DisplayName("Eight runners racing an S3-only ledger")
class S3RunnerRaceTest extends ScenarioBase {

    private static final Logger LOG = LoggerFactory.getLogger("io.smartmigration.scenarios.race");
    private static final int RUNNERS = 8;
    private static final int ROUNDS = 50;

    @Override
    protected TestBackend createBackend() {
        return new S3TestBackend();
    }

    @Test
    @Timeout(120)
    @DisplayName("GIVEN 8 runners on threads and a fresh S3-only ledger per round, over 50 rounds: every step's handler"
            + " runs exactly once per round, exactly one runner migrates, and all end at the target")
    void eightRunnersFiftyRounds() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(RUNNERS);
        TreeMap<Integer, Integer> roundsByWinners = new TreeMap<>();
        List<Long> roundMillis = new ArrayList<>();
        try {
            for (int round = 0; round < ROUNDS; round++) {
                runs.clear();
                String ledger = "round-" + round;
                List<SmartMigration> runners = new ArrayList<>();
                for (int r = 0; r < RUNNERS; r++) {
                    runners.add(fourSteps().ledgerName(ledger).instanceId("runner-" + r).lockTtl(Duration.ofSeconds(5))
                            .lockWait(Duration.ofSeconds(30)).build());
                }
                CountDownLatch start = new CountDownLatch(1);
                List<Future<MigrationResult>> futures = new ArrayList<>();
                for (SmartMigration runner : runners) {
                    futures.add(pool.submit(() -> {
                        start.await();
                        return runner.run();
                    }));
                }
                long t0 = System.nanoTime();
                start.countDown();
                List<MigrationResult> results = new ArrayList<>();
                for (Future<MigrationResult> future : futures) {
                    results.add(future.get(30, TimeUnit.SECONDS));
                }
                roundMillis.add((System.nanoTime() - t0) / 1_000_000);
                int winners = (int) results.stream().filter(r -> !r.stepsApplied().isEmpty()).count();
                roundsByWinners.merge(winners, 1, Integer::sum);

                assertThat(results).as("round %d", round).allMatch(MigrationResult::reachedTarget);
                assertThat(List.of(runsOf("s1"), runsOf("s2"), runsOf("s3"), runsOf("s4"))).as("round %d", round)
                        .containsOnly(1);
                assertThat(runners.get(0).history()).as("round %d", round).hasSize(4);
                assertThat(winners).as("round %d: runners that applied steps", round).isEqualTo(1);
            }
        } finally {
            pool.shutdownNow();
        }
        List<Long> sorted = roundMillis.stream().sorted().toList();
        LOG.info("{} runners x {} rounds on the S3 ledger: rounds by number of migrating runners {}, round time"
                        + " median {} ms, max {} ms, total {} ms", RUNNERS, ROUNDS, roundsByWinners,
                sorted.get(sorted.size() / 2), sorted.get(sorted.size() - 1),
                roundMillis.stream().mapToLong(Long::longValue).sum());
    }
}
