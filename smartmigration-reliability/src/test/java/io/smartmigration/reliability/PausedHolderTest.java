package io.smartmigration.reliability;

import io.smartmigration.reliability.support.SharedMongoWithChildren;
import static org.assertj.core.api.Assertions.assertThat;

import io.smartmigration.ErrorCode;
import io.smartmigration.reliability.app.Chains;
import io.smartmigration.reliability.support.ChildProcess;
import io.smartmigration.reliability.support.ChildResult;
import io.smartmigration.reliability.support.ItemsData;
import io.smartmigration.reliability.support.MongoLedgerDoc;
import io.smartmigration.reliability.support.Report;
import io.smartmigration.reliability.support.Scale;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.bson.Document;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Fencing, with a real frozen process: the holder of the lease is stopped with SIGSTOP (its lease
 * renewal freezes with it) for longer than its lease; a second instance takes the lock over and
 * finishes; then the first is woken with SIGCONT. It must stop with LOCK_LOST and a non-zero
 * exit status without writing the ledger again: the ledger's bytes after it exits equal those
 * before it was woken. Rounds: 2 by default, 10 in a full run; the holder is frozen at a random
 * point (right after the step started, or after one of its first batches). The lock guard of
 * {@code ctx.mongo()} is checked too: the handler writes one document at a time and, after the wake-up,
 * may change at most the one document whose write was already on its way (without the guard it
 * wrote the rest of its batch before its checkpoint write was refused).
 */
@DisplayName("Paused holder: SIGSTOP beyond the lease, takeover, SIGCONT")
class PausedHolderTest extends SharedMongoWithChildren {

    private static final int ITEMS = 60;
    private static final int BATCH = 5;
    private static final Duration LEASE = Duration.ofSeconds(1);
    private long maxWrittenAfterWake;


    @Test
    @Timeout(value = 20, unit = TimeUnit.MINUTES)
    @DisplayName("GIVEN a holder frozen past its lease and a second instance that took over and finished WHEN the holder wakes THEN it exits non-zero with LOCK_LOST and the ledger's bytes are unchanged")
    void frozenHolderIsFencedOff() {
        int rounds = Scale.pick(2, 10);
        Random random = Scale.random("paused-holder");
        List<String> violations = new ArrayList<>();
        long started = System.nanoTime();
        for (int round = 1; round <= rounds; round++) {
            violations.addAll(round(round, random.nextInt(4)));
        }
        Report.row("paused holder (SIGSTOP past the lease, takeover, SIGCONT)", rounds, violations,
                (System.nanoTime() - started) / 1_000_000, "lease " + LEASE.toMillis() + " ms, " + ITEMS
                        + " documents in batches of " + BATCH + ", frozen after a random batch 0-3; documents the woken holder"
                        + " wrote after SIGCONT: at most " + maxWrittenAfterWake + " (lock guard; allowed: the one in flight)");
        assertThat(violations).isEmpty();
    }

    private List<String> round(int round, int freezeAfterBatch) {
        String db = "paused_" + round;
        ItemsData.seed(client, db, ITEMS);
        MongoLedgerDoc ledger = new MongoLedgerDoc(client, db);
        List<String> violations = new ArrayList<>();

        ChildProcess holder = children.start("holder-" + round, args(db, "holder-" + round));
        // frozen while it waits before the writes of batch freezeAfterBatch + 1 (it printed WAIT, then sleeps
        // batchDelayMs): on waking its next operation is a data write, which only the lock guard can stop
        int[] waits = {0};
        holder.awaitLine(l -> l.startsWith("SMR WAIT ") && ++waits[0] > freezeAfterBatch, Duration.ofSeconds(60),
                "the wait before batch " + (freezeAfterBatch + 1));
        holder.pause();
        sleep(LEASE.toMillis() + 500);

        ChildResult taker = children.start("taker-" + round, args(db, "taker-" + round)).awaitExit(Duration.ofSeconds(90));
        if (!taker.succeeded() || !taker.after().equals(Optional.of(Chains.TARGET))) {
            violations.add("round " + round + ": the second instance did not finish: " + taker + "\n" + taker.tail());
        }
        byte[] before = ledger.bytes();
        String beforeJson = ledger.read().map(Document::toJson).orElse("(none)");
        java.util.Map<Long, Integer> visitsBefore = ItemsData.visits(client, db);

        holder.resume();
        ChildResult woken = holder.awaitExit(Duration.ofSeconds(60));
        byte[] after = ledger.bytes();
        java.util.Map<Long, Integer> visitsAfter = ItemsData.visits(client, db);
        long writtenAfterWake = visitsAfter.entrySet().stream()
                .filter(e -> e.getValue() > visitsBefore.getOrDefault(e.getKey(), 0)).count();
        maxWrittenAfterWake = Math.max(maxWrittenAfterWake, writtenAfterWake);
        // the lock guard: after the wake-up at most the one write already on its way (one document) lands
        if (writtenAfterWake > 1) {
            violations.add("round " + round + ": the woken holder changed " + writtenAfterWake + " documents through"
                    + " ctx.mongo() after it woke, more than the one write in flight");
        }
        System.out.printf("round %d (frozen after batch %d): %s; %s%n", round, freezeAfterBatch, taker, woken);

        if (woken.exitCode() == 0 || !woken.error().equals(Optional.of(ErrorCode.LOCK_LOST))) {
            violations.add("round " + round + ": the woken holder did not stop with LOCK_LOST: " + woken + "\n" + woken.tail());
        }
        if (!Arrays.equals(before, after)) {
            violations.add("round " + round + ": the woken holder wrote the ledger: before " + beforeJson + ", after "
                    + ledger.read().map(Document::toJson).orElse("(none)"));
        }
        if (!ledger.history().equals(List.of("backfill:APPLIED")) || ledger.lock().isPresent()) {
            violations.add("round " + round + ": ledger " + ledger.read().map(Document::toJson).orElse("(none)"));
        }
        List<Document> expected = IntStream.rangeClosed(1, ITEMS).mapToObj(Chains::expectedItem).toList();
        if (!ItemsData.withoutVisits(client, db).equals(expected)) {
            violations.add("round " + round + ": the items differ from a clean run's");
        }
        return violations;
    }

    private List<String> args(String db, String instance) {
        return List.of("chain=items", "mongo=" + mongo.connectionString(), "db=" + db, "batch=" + BATCH,
                "batchDelayMs=600", "delayAt=beforeWrite", "writes=perDocument", "lockTtlMs=" + LEASE.toMillis(), "instance=" + instance);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
