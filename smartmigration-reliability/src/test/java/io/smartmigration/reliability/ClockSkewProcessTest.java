package io.smartmigration.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.smartmigration.LedgerBackend;
import io.smartmigration.embedded.EmbeddedS3;
import io.smartmigration.reliability.app.Chains;
import io.smartmigration.reliability.support.ChildProcess;
import io.smartmigration.reliability.support.ChildResult;
import io.smartmigration.reliability.support.ItemsData;
import io.smartmigration.reliability.support.Report;
import io.smartmigration.reliability.support.Scale;
import io.smartmigration.reliability.support.SharedMongoWithChildren;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * DESIGN.md "Clocks", with real JVMs whose clocks disagree by an hour (each child's
 * {@code clockOffsetMs}): a holder renewing a 2 s lease through a step of about 5 s, and a
 * waiter started while it runs, 1 h ahead or behind. Double execution is what decides: an item
 * visited twice, or both instances applying the step. Then a holder killed with SIGKILL mid-step
 * and a waiter an hour behind it: the waiter must take over (it would wait an hour if it trusted
 * the holder's expiry) and finish. Both ledgers. Rounds: 2 per ledger by default, 20 in a full run.
 */
@DisplayName("Clock skew of +/- 1 h between instances, both ledgers")
class ClockSkewProcessTest extends SharedMongoWithChildren {

    private static final long HOUR_MS = Duration.ofHours(1).toMillis();
    private static final int ITEMS = 60;
    private static final int BATCH = 5;
    private static final Duration LEASE = Duration.ofSeconds(2);

    private static EmbeddedS3 s3;

    @BeforeAll
    static void startS3() {
        s3 = EmbeddedS3.inMemory();
    }

    @AfterAll
    static void stopS3() {
        s3.close();
    }

    @Test
    @Timeout(value = 40, unit = TimeUnit.MINUTES)
    @DisplayName("GIVEN a renewing holder and a waiter 1 h ahead or behind WHEN the waiter waits THEN no step runs"
            + " twice, on either ledger; GIVEN a killed holder THEN a waiter 1 h behind takes over and finishes")
    void skewNeverRunsAStepTwice() {
        int rounds = Scale.pick(2, 20);
        for (LedgerBackend ledger : List.of(LedgerBackend.MONGO, LedgerBackend.S3)) {
            List<String> violations = new ArrayList<>();
            long started = System.nanoTime();
            for (int round = 1; round <= rounds; round++) {
                long waiterOffset = round % 2 == 1 ? HOUR_MS : -HOUR_MS;
                violations.addAll(liveHolderRound(ledger, round, -waiterOffset, waiterOffset));
            }
            Report.row("clock skew +/- 1 h, " + ledger + " ledger: renewing holder, waiter ahead/behind", rounds,
                    violations, (System.nanoTime() - started) / 1_000_000, "lease " + LEASE.toMillis() + " ms, "
                            + ITEMS + " documents in batches of " + BATCH + "; a violation is a double execution");
            long deadStarted = System.nanoTime();
            List<String> dead = deadHolderRound(ledger);
            Report.row("clock skew 1 h, " + ledger + " ledger: killed holder, waiter 1 h behind takes over", 1, dead,
                    (System.nanoTime() - deadStarted) / 1_000_000, "lease " + LEASE.toMillis() + " ms, lockWait 60 s");
            violations.addAll(dead);
            assertThat(violations).as(ledger + " ledger").isEmpty();
        }
    }

    private List<String> liveHolderRound(LedgerBackend ledger, int round, long holderOffset, long waiterOffset) {
        String db = "skew_" + ledger.name().toLowerCase() + "_" + round;
        prepare(ledger, db);
        List<String> violations = new ArrayList<>();
        ChildProcess holder = children.start("holder-" + db, args(ledger, db, "holder", holderOffset));
        holder.awaitProtocol("STEP ", Duration.ofSeconds(120));
        ChildResult waiter = children.start("waiter-" + db, args(ledger, db, "waiter", waiterOffset))
                .awaitExit(Duration.ofSeconds(180));
        ChildResult held = holder.awaitExit(Duration.ofSeconds(180));
        System.out.printf("%s round %d (holder %+d h, waiter %+d h): %s; %s%n", ledger, round, holderOffset / HOUR_MS,
                waiterOffset / HOUR_MS, held, waiter);
        if (!held.succeeded() || !held.appliedSteps().equals(List.of("backfill"))) {
            violations.add(db + ": the holder did not finish its step: " + held + "\n" + held.tail());
        }
        if (!waiter.succeeded() || !waiter.appliedSteps().isEmpty()) {
            violations.add(db + ": the waiter ran the step (or failed): " + waiter + "\n" + waiter.tail());
        }
        Map<Long, Integer> visits = ItemsData.visits(client, db);
        long twice = visits.values().stream().filter(v -> v != 1).count();
        if (twice > 0) {
            violations.add(db + ": " + twice + " items not processed exactly once: double execution");
        }
        return violations;
    }

    private List<String> deadHolderRound(LedgerBackend ledger) {
        String db = "skew_dead_" + ledger.name().toLowerCase();
        prepare(ledger, db);
        List<String> violations = new ArrayList<>();
        ChildProcess holder = children.start("holder-" + db, args(ledger, db, "holder", HOUR_MS));
        holder.awaitProtocol("BATCH ", Duration.ofSeconds(120));
        holder.kill9();
        ChildResult waiter = children.start("waiter-" + db, args(ledger, db, "waiter", -HOUR_MS))
                .awaitExit(Duration.ofSeconds(180));
        System.out.printf("%s dead holder: %s%n", ledger, waiter);
        if (!waiter.succeeded() || !waiter.after().equals(Optional.of(Chains.TARGET))) {
            violations.add(db + ": the waiter 1 h behind did not take over a dead holder's lease: " + waiter + "\n"
                    + waiter.tail());
        }
        long lost = ItemsData.visits(client, db).values().stream().filter(v -> v == 0).count();
        if (lost > 0) {
            violations.add(db + ": " + lost + " items never processed");
        }
        return violations;
    }

    private List<String> args(LedgerBackend ledger, String db, String instance, long clockOffsetMs) {
        List<String> args = new ArrayList<>(List.of("chain=items", "mongo=" + mongo.connectionString(), "db=" + db,
                "ledger=" + ledger, "batch=" + BATCH, "batchDelayMs=400", "lockTtlMs=" + LEASE.toMillis(),
                "lockWaitMs=60000", "clockOffsetMs=" + clockOffsetMs, "instance=" + instance + "-" + db));
        if (ledger == LedgerBackend.S3) {
            args.add("s3=" + s3.endpoint());
            args.add("bucket=" + bucket(db));
        }
        return args;
    }

    private static String bucket(String db) {
        return db.replace('_', '-');
    }

    private static void prepare(LedgerBackend ledger, String db) {
        ItemsData.seed(client, db, ITEMS);
        if (ledger == LedgerBackend.S3) {
            s3.createBucket(bucket(db));
        }
    }
}
