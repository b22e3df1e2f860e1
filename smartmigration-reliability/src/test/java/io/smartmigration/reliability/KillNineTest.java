package io.smartmigration.reliability;

import io.smartmigration.reliability.support.SharedMongoWithChildren;
import static org.assertj.core.api.Assertions.assertThat;

import io.smartmigration.LedgerBackend;
import io.smartmigration.MigrationContext;
import io.smartmigration.embedded.EmbeddedS3;
import io.smartmigration.LedgerContents;
import io.smartmigration.MigrationLedger;
import io.smartmigration.reliability.app.Chains;
import io.smartmigration.reliability.support.ChildProcess;
import io.smartmigration.reliability.support.ChildResult;
import io.smartmigration.reliability.support.ItemsData;
import io.smartmigration.reliability.support.KillLoop;
import io.smartmigration.reliability.support.ObjectsData;
import io.smartmigration.reliability.support.Report;
import io.smartmigration.reliability.support.S3LedgerObjects;
import io.smartmigration.reliability.support.Scale;
import io.smartmigration.reliability.support.Visits;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A resumable step in a child JVM, killed with SIGKILL at random points and restarted each time
 * (lease 2 s); a last instance finishes. The guarantee checked, for the batch iterators of the
 * context (which checkpoint after each batch):
 * <ul>
 *   <li>the idempotent output equals a clean, uninterrupted run's output exactly;</li>
 *   <li>a non-idempotent per-item counter shows every item processed at least once (none lost),
 *       and more than once only inside the batch in flight at a kill: once more per kill that
 *       caught that batch between its data write and its checkpoint (the data write and the
 *       checkpoint write cannot be one atomic write: at-least-once, with at most one batch redone
 *       per crash).</li>
 * </ul>
 * For the parallel walk ({@code forEachDocument}), which checkpoints its low-water mark and hands out
 * at most {@code MigrationContext.parallelWindow(n)} documents past it: the same output, none lost, and
 * at most that window of documents processed again per kill.
 */
@DisplayName("kill -9 in the middle of a resumable step, then restart")
class KillNineTest extends SharedMongoWithChildren {

    private static final Duration LEASE = Duration.ofSeconds(5);   // a batch read is bounded by the lease: 2 s was not enough on a starved 2-core machine
    private static final int PHASE_DELAY_MS = 20;
    /** Killed instances stretch the time before, or after, each batch's data write. */
    private static final List<List<String>> PHASES = List.of(
            List.of("batchDelayMs=" + PHASE_DELAY_MS, "delayAt=beforeWrite"),
            List.of("batchDelayMs=" + PHASE_DELAY_MS, "delayAt=afterWrite"));


    @Test
    @Timeout(value = 20, unit = TimeUnit.MINUTES)
    @DisplayName("GIVEN a resumable step over a collection WHEN its process is killed at random batches and restarted THEN the data equals a clean run's, no document lost, none processed again outside the batch in flight at a kill")
    void documentsOnMongoLedger() {
        int count = Scale.pick(5_000, 50_000);
        int batch = Scale.pick(100, 250);
        int kills = Scale.pick(3, 10);
        long started = System.nanoTime();
        ItemsData.seed(client, "kill_clean", count);
        ItemsData.seed(client, "kill_docs", count);

        ChildResult clean = children.start("clean", itemsArgs("kill_clean", batch)).awaitExit(Duration.ofMinutes(5));
        assertThat(clean.succeeded()).as("the clean run: %s\n%s", clean, clean.tail()).isTrue();
        long jitter = jitterMillis(clean, count / batch);

        Random random = Scale.random("kill-documents");
        KillLoop.Outcome outcome = new KillLoop(children, "killed", Long::parseLong)
                .run(itemsArgs("kill_docs", batch), PHASES, count / batch, kills, jitter, random, Duration.ofMinutes(5));

        List<String> violations = finished(outcome);
        if (!ItemsData.withoutVisits(client, "kill_docs").equals(ItemsData.withoutVisits(client, "kill_clean"))) {
            violations.add("the items differ from the clean run's");
        }
        Visits.Check visits = Visits.check("item", ItemsData.visits(client, "kill_docs"), outcome.redone());
        violations.addAll(visits.violations());
        violations.addAll(ledgerDone(mongoLedgerState("kill_docs"), "backfill", outcome.last().name()));
        Report.row("kill -9 mid resumable step, documents, Mongo ledger", outcome.killedAfter().size(), violations,
                (System.nanoTime() - started) / 1_000_000, count + " documents, batch " + batch + ", " + outcome.processes()
                        + " processes, killed after _id " + outcome.killedAfter() + ", " + visits.twice()
                        + " documents processed more than once, all inside the redone batches");
        assertThat(violations).isEmpty();
    }

    @Test
    @Timeout(value = 20, unit = TimeUnit.MINUTES)
    @DisplayName("GIVEN a resumable step walking a collection with 8 parallel workers WHEN its process is killed at random items and restarted THEN the data equals a clean run's, no document lost, and each kill made at most the walk's window of documents be processed again")
    void documentsInAParallelWalk() {
        int count = Scale.pick(6_000, 60_000);
        int parallelism = 8;
        int kills = Scale.pick(3, 10);
        int window = MigrationContext.parallelWindow(parallelism);
        long started = System.nanoTime();
        ItemsData.seed(client, "parallel_clean", count);
        ItemsData.seed(client, "parallel_docs", count);
        List<String> args = List.of("chain=parallel-items", "mongo=" + mongo.connectionString(), "batch=100",
                "parallelism=" + parallelism, "itemDelayMs=1", "slowEvery=40", "slowMs=150", "lockTtlMs=" + LEASE.toMillis());

        ChildResult clean = children.start("clean", withDb(args, "parallel_clean")).awaitExit(Duration.ofMinutes(5));
        assertThat(clean.succeeded()).as("the clean run: %s\n%s", clean, clean.tail()).isTrue();

        // every 40th item is slow, so items finish out of order and the low-water mark lags the items done;
        // kill points: a random number of items into each killed instance's own run, then a random
        // 0 to 50 ms more, so kills land with items in flight, between items and in checkpoint writes
        Random random = Scale.random("kill-parallel-documents");
        List<Integer> killedAfterItems = new ArrayList<>();
        List<ChildResult> endedBeforeTheirKill = new ArrayList<>();
        int processes = 0;
        for (int k = 0; k < kills; k++) {
            ChildProcess child = children.start("killed-" + (++processes),
                    withInstance(withDb(args, "parallel_docs"), "killed-" + processes));
            int point = 1 + random.nextInt(Math.max(1, count / (kills + 1)));
            AtomicInteger seen = new AtomicInteger();
            String line = child.awaitLine(l -> (l.startsWith("SMR ITEM ") && seen.incrementAndGet() >= point)
                    || l.startsWith("SMR RESULT ") || l.startsWith("SMR ERROR "), Duration.ofMinutes(5),
                    "reporting item " + point);
            if (!line.startsWith("SMR ITEM ")) {
                endedBeforeTheirKill.add(child.awaitExit(Duration.ofMinutes(5)));
                break;
            }
            KillLoop.sleep(random.nextInt(51));
            child.kill9();
            killedAfterItems.add(point);
        }
        String lastName = "killed-" + (++processes);
        ChildResult last = children.start(lastName, withInstance(withDb(args, "parallel_docs"), lastName))
                .awaitExit(Duration.ofMinutes(5));

        List<String> violations = finished(new KillLoop.Outcome(List.of(), List.of(), last, processes,
                endedBeforeTheirKill));
        if (!ItemsData.withoutVisits(client, "parallel_docs").equals(ItemsData.withoutVisits(client, "parallel_clean"))) {
            violations.add("the items differ from the clean run's");
        }
        Map<Long, Integer> visits = ItemsData.visits(client, "parallel_docs");
        long redone = 0;
        for (Map.Entry<Long, Integer> e : visits.entrySet()) {
            if (e.getValue() == 0) {
                violations.add("item " + e.getKey() + " was never processed (lost)");
            } else if (e.getValue() > 1 + killedAfterItems.size()) {
                violations.add("item " + e.getKey() + " was processed " + e.getValue() + " times after "
                        + killedAfterItems.size() + " kills");
            }
            redone += Math.max(0, e.getValue() - 1);
        }
        if (redone > (long) window * killedAfterItems.size()) {
            violations.add(redone + " documents processed again after " + killedAfterItems.size()
                    + " kills: more than the window of " + window + " per kill");
        }
        violations.addAll(ledgerDone(mongoLedgerState("parallel_docs"), "backfill", lastName));
        Report.row("kill -9 mid parallel walk, documents, Mongo ledger", killedAfterItems.size(), violations,
                (System.nanoTime() - started) / 1_000_000, count + " documents, " + parallelism + " workers (window "
                        + window + "), " + processes + " processes, killed after " + killedAfterItems
                        + " items of their own runs, " + redone + " documents processed again in all");
        assertThat(violations).isEmpty();
    }

    private static List<String> withDb(List<String> args, String db) {
        List<String> out = new ArrayList<>(args);
        out.add("db=" + db);
        return out;
    }

    private static List<String> withInstance(List<String> args, String instance) {
        List<String> out = new ArrayList<>(args);
        out.add("instance=" + instance);
        return out;
    }

    @Test
    @Timeout(value = 20, unit = TimeUnit.MINUTES)
    @DisplayName("GIVEN a resumable step over S3 objects and a Mongo ledger WHEN its process is killed at random batches and restarted THEN the objects equal a clean run's, none lost, none processed again outside the batch in flight at a kill")
    void objectsOnMongoLedger() throws Exception {
        killObjects(LedgerBackend.MONGO);
    }

    @Test
    @Timeout(value = 20, unit = TimeUnit.MINUTES)
    @DisplayName("GIVEN a resumable step over S3 objects and the ledger in the bucket WHEN its process is killed at random batches and restarted THEN the objects equal a clean run's, none lost, none processed again outside the batch in flight at a kill")
    void objectsOnS3Ledger() throws Exception {
        killObjects(LedgerBackend.S3);
    }

    private void killObjects(LedgerBackend ledgerBackend) throws Exception {
        int count = Scale.pick(300, 5_000);
        int batch = Scale.pick(20, 100);
        int kills = Scale.pick(2, 10);
        String db = "objects_" + ledgerBackend.name().toLowerCase();
        long started = System.nanoTime();
        try (EmbeddedS3 s3 = EmbeddedS3.inMemory(); S3Client s3Client = s3.newClient()) {
            // one bucket of sources; the clean run writes under clean/ (its own ledger and counters),
            // the killed runs under out/
            String bucket = s3.createBucket("kill-objects");
            ObjectsData.seed(s3Client, count, bucket);
            System.out.printf("seeded %d objects in %d ms%n", count, (System.nanoTime() - started) / 1_000_000);

            List<String> cleanArgs = new ArrayList<>(objectsArgs(s3, bucket, db + "_clean", batch, ledgerBackend));
            cleanArgs.addAll(List.of("out=clean/", "ledgerName=clean"));
            ChildResult clean = children.start("clean", cleanArgs).awaitExit(Duration.ofMinutes(5));
            assertThat(clean.succeeded()).as("the clean run: %s\n%s", clean, clean.tail()).isTrue();
            System.out.printf("clean run done at %d ms: %s%n", (System.nanoTime() - started) / 1_000_000, clean);
            long jitter = jitterMillis(clean, count / batch);

            Random random = Scale.random("kill-objects-" + ledgerBackend);
            KillLoop.Outcome outcome = new KillLoop(children, "killed", ObjectsData::position)
                    .run(objectsArgs(s3, bucket, db, batch, ledgerBackend), PHASES, count / batch, kills, jitter,
                            random, Duration.ofMinutes(5));

            List<String> violations = finished(outcome);
            Map<String, String> outputs = ObjectsData.outputs(s3Client, bucket, Chains.OUT_PREFIX);
            if (outputs.size() != count || !outputs.equals(ObjectsData.outputs(s3Client, bucket, "clean/"))) {
                violations.add("the out/ objects differ from the clean run's");
            }
            Visits.Check visits = Visits.check("object", ObjectsData.visits(client, db, count), outcome.redone());
            violations.addAll(visits.violations());
            List<String> ledgerViolations = ledgerDone(ledgerBackend == LedgerBackend.MONGO ? mongoLedgerState(db)
                    : new S3LedgerObjects(s3Client, bucket).state(), "copy-objects", outcome.last().name());
            ledgerViolations.forEach(v -> violations.add(v + "\nthe last instance's output:\n" + outcome.last().tail()));
            String ledgerName = ledgerBackend == LedgerBackend.MONGO ? "Mongo" : "S3";
            Report.row("kill -9 mid resumable step, S3 objects, " + ledgerName + " ledger", outcome.killedAfter().size(),
                    violations,
                    (System.nanoTime() - started) / 1_000_000, count + " objects, batch " + batch + ", "
                            + outcome.processes() + " processes, killed after object " + outcome.killedAfter() + ", "
                            + visits.twice() + " objects processed more than once, all inside the redone batches");
            assertThat(violations).isEmpty();
        }
    }

    private List<String> itemsArgs(String db, int batch) {
        return List.of("chain=items", "mongo=" + mongo.connectionString(), "db=" + db, "batch=" + batch,
                "lockTtlMs=" + LEASE.toMillis());
    }

    private List<String> objectsArgs(EmbeddedS3 s3, String bucket, String db, int batch, LedgerBackend ledgerBackend) {
        return List.of("chain=objects", "mongo=" + mongo.connectionString(), "db=" + db, "s3=" + s3.endpoint(),
                "bucket=" + bucket, "ledger=" + ledgerBackend, "batch=" + batch, "lockTtlMs=" + LEASE.toMillis());
    }

    /** Up to two batches' worth of time (measured on the clean run, plus the phase delay), so kills land anywhere in a batch. */
    private static long jitterMillis(ChildResult clean, int batches) {
        long ms = clean.output().stream().filter(l -> l.startsWith("SMR RESULT ")).findFirst()
                .flatMap(l -> ChildResult.field(l, "ms")).map(Long::parseLong).orElse(1000L);
        return 2 * (ms / Math.max(1, batches) + PHASE_DELAY_MS);
    }

    /** The last instance, and any that found the walk done before its kill point, ended at the target. */
    private static List<String> finished(KillLoop.Outcome outcome) {
        List<String> violations = new ArrayList<>();
        List<ChildResult> ended = new ArrayList<>(outcome.endedBeforeTheirKill());
        ended.add(outcome.last());
        for (ChildResult result : ended) {
            if (!result.succeeded() || !result.after().equals(Optional.of(Chains.TARGET))) {
                violations.add(result.name() + " did not end at the target: " + result + "\n" + result.tail());
            }
        }
        return violations;
    }

    private static Optional<LedgerContents> mongoLedgerState(String db) {
        return MigrationLedger.mongo(client, db).build().read();
    }

    /**
     * At the target with one APPLIED entry and no checkpoint; no lock, or the lock of a killed
     * instance (one killed after its step was recorded, before it released the lock: the last
     * instance then found the data at the target and did not need the lock; the lease runs out).
     */
    private static List<String> ledgerDone(Optional<LedgerContents> ledger, String step, String lastInstance) {
        List<String> violations = new ArrayList<>();
        boolean done = ledger.isPresent() && ledger.get().currentVersion().equals(Optional.of(Chains.TARGET))
                && ledger.get().lock().filter(l -> !l.owner().startsWith("killed-") || l.owner().equals(lastInstance))
                        .isEmpty()
                && ledger.get().checkpoint().isEmpty()
                && ledger.get().history().stream().map(h -> h.stepId() + ":" + h.status()).toList()
                        .equals(List.of(step + ":APPLIED"));
        if (!done) {
            violations.add("ledger not at the target with one APPLIED entry, no checkpoint, and no lock but a"
                    + " killed instance's: " + ledger);
        }
        return violations;
    }
}
