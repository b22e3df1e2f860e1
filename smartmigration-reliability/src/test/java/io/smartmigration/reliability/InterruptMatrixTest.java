package io.smartmigration.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import io.smartmigration.ErrorCode;
import io.smartmigration.LedgerBackend;
import io.smartmigration.MigrationResult;
import io.smartmigration.SmartMigration;
import io.smartmigration.SmartMigrationException;
import io.smartmigration.embedded.EmbeddedS3;
import io.smartmigration.reliability.support.ItemsData;
import io.smartmigration.reliability.support.MongoLedgerDoc;
import io.smartmigration.reliability.support.Report;
import io.smartmigration.reliability.support.Scale;
import io.smartmigration.reliability.support.SharedMongo;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Thread interrupts of {@code run()} at random batches, for three kinds of handler (one sleeping
 * after its writes, one spinning without looking at the interrupt, one writing document by
 * document through {@code ctx.mongo()}), on both ledgers. Each interrupted run must end with
 * {@code INTERRUPTED}, the thread's interrupt flag set again, the lock released; the next run
 * resumes and finishes, every item processed, at most the interrupted batch again.
 */
@DisplayName("Interrupts of run() at random batches, three handler kinds, both ledgers")
class InterruptMatrixTest extends SharedMongo {

    private static final int ITEMS = 100;
    private static final int BATCH = 10;

    private static EmbeddedS3 s3;
    private static S3Client s3Client;

    @BeforeAll
    static void startS3() {
        s3 = EmbeddedS3.inMemory();
        s3Client = s3.newClient();
    }

    @AfterAll
    static void stopS3() {
        s3Client.close();
        s3.close();
    }

    private enum Kind { SLEEPING, IGNORING, DOING_IO }

    @Test
    @Timeout(value = 20, unit = TimeUnit.MINUTES)
    @DisplayName("GIVEN a run interrupted at a random batch WHEN it ends THEN INTERRUPTED, flag restored, lock released;"
            + " the next run resumes and every item is processed")
    void interruptsAtRandomBatches() throws Exception {
        int rounds = Scale.pick(6, 60);
        Random random = Scale.random("interrupts");
        List<String> violations = new ArrayList<>();
        long started = System.nanoTime();
        for (int round = 1; round <= rounds; round++) {
            Kind kind = Kind.values()[round % 3];
            LedgerBackend ledger = (round / 3) % 2 == 0 ? LedgerBackend.MONGO : LedgerBackend.S3;
            violations.addAll(round(round, kind, ledger, 1 + random.nextInt(ITEMS / BATCH - 2)));
        }
        Report.row("interrupts of run() (sleeping, ignoring, I/O handlers; both ledgers)", rounds, violations,
                (System.nanoTime() - started) / 1_000_000, ITEMS + " documents in batches of " + BATCH
                        + ", interrupted in a random batch");
        assertThat(violations).isEmpty();
    }

    private List<String> round(int round, Kind kind, LedgerBackend ledger, int interruptInBatch) throws Exception {
        String db = "interrupt_" + round;
        String bucket = s3.createBucket("interrupt-" + round);
        ItemsData.seed(client, db, ITEMS);
        String where = "round " + round + " (" + kind + ", " + ledger + " ledger, batch " + interruptInBatch + ")";
        List<String> violations = new ArrayList<>();
        CountDownLatch inBatch = new CountDownLatch(1);
        SmartMigration first = chain(db, bucket, ledger, kind, interruptInBatch, inBatch).build();
        CompletableFuture<Object[]> ended = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                MigrationResult result = first.run();
                ended.complete(new Object[] {result, Thread.currentThread().isInterrupted()});
            } catch (SmartMigrationException e) {
                ended.complete(new Object[] {e, Thread.currentThread().isInterrupted()});
            } catch (Throwable t) {
                ended.complete(new Object[] {t, false});
            }
        }, "interrupted-" + round);
        thread.start();
        if (!inBatch.await(60, TimeUnit.SECONDS)) {
            violations.add(where + ": the step never reached the batch");
            return violations;
        }
        thread.interrupt();
        Object[] outcome = ended.get(60, TimeUnit.SECONDS);
        if (!(outcome[0] instanceof SmartMigrationException e) || e.code() != ErrorCode.INTERRUPTED) {
            violations.add(where + ": ended with " + outcome[0] + " instead of INTERRUPTED");
        }
        if (!(Boolean) outcome[1]) {
            violations.add(where + ": the interrupt flag was not restored");
        }
        MigrationResult resumed = chain(db, bucket, ledger, kind, -1, new CountDownLatch(1)).build().run();
        if (!resumed.reachedTarget()) {
            violations.add(where + ": the next run did not finish: " + resumed);
        }
        Map<Long, Integer> visits = ItemsData.visits(client, db);
        long lost = visits.values().stream().filter(v -> v == 0).count();
        long again = visits.values().stream().mapToLong(v -> Math.max(0, v - 1)).sum();
        if (lost > 0 || again > BATCH) {
            violations.add(where + ": " + lost + " items lost, " + again + " processed again (at most " + BATCH + ")");
        }
        if (ledger == LedgerBackend.MONGO && new MongoLedgerDoc(client, db).lock().isPresent()) {
            violations.add(where + ": a lock was left");
        }
        return violations;
    }

    private SmartMigration.Builder chain(String db, String bucket, LedgerBackend ledger, Kind kind, int interruptInBatch,
                                         CountDownLatch inBatch) {
        int[] batches = {0};
        return SmartMigration.builder().targetVersion("2.0.0").mongo(client, db).s3(s3Client, bucket)
                .ledgerBackend(ledger).lockTtl(Duration.ofSeconds(30)).lockWait(Duration.ofSeconds(30))
                .step("backfill").from("1.0.0").to("2.0.0").resumable().up(ctx -> {
                    MongoCollection<Document> items = ctx.mongo().getCollection("items");
                    ctx.forEachDocumentBatch("items", BATCH, batch -> {
                        for (Document item : batch) {
                            items.updateOne(Filters.eq("_id", item.get("_id")), Updates.inc("visits", 1));
                        }
                        if (++batches[0] != interruptInBatch) {
                            return;
                        }
                        inBatch.countDown();
                        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                        switch (kind) {
                            case SLEEPING -> Thread.sleep(60_000);
                            case IGNORING -> {
                                while (!Thread.currentThread().isInterrupted() && System.nanoTime() < until) {
                                    Thread.onSpinWait();   // goes on once interrupted, as if it had not seen it
                                }
                            }
                            case DOING_IO -> {
                                while (System.nanoTime() < until) {   // writes until an operation is refused
                                    items.updateOne(Filters.eq("_id", "scratch"), Updates.inc("writes", 1));
                                }
                            }
                        }
                    });
                });
    }
}
