package io.smartmigration.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import io.smartmigration.ErrorCode;
import io.smartmigration.embedded.EmbeddedMongo;
import io.smartmigration.reliability.app.Chains;
import io.smartmigration.reliability.support.ChildProcess;
import io.smartmigration.reliability.support.ChildResult;
import io.smartmigration.reliability.support.Children;
import io.smartmigration.reliability.support.ItemsData;
import io.smartmigration.reliability.support.KillLoop;
import io.smartmigration.reliability.support.MongoLedgerDoc;
import io.smartmigration.reliability.support.Report;
import io.smartmigration.reliability.support.Scale;
import io.smartmigration.reliability.support.Visits;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * MongoDB goes away in the middle of a resumable step: the embedded server (H2 file backend, so
 * the data survives) stops listening and drops every connection, and comes back on the same port
 * once the app instance has given up. The instance must fail with a clear error that names the
 * server's address; its lock must be released or expire; the next instance, started after the
 * server is back, must finish from the checkpoint with nothing lost. Rounds: 2 by default, 5 in a
 * full run, each cutting the server at a random batch.
 */
@DisplayName("MongoDB outage in the middle of a step")
class MongoOutageTest {

    private static final int ITEMS = 100;
    private static final int BATCH = 5;
    private static final Duration LEASE = Duration.ofSeconds(2);
    private static final Set<ErrorCode> OUTAGE_CODES = Set.of(ErrorCode.STEP_FAILED, ErrorCode.LEDGER_UNAVAILABLE);

    private final Children children = new Children();

    @TempDir
    Path dir;

    @AfterEach
    void killChildren() {
        children.close();
    }

    @Test
    @Timeout(value = 20, unit = TimeUnit.MINUTES)
    @DisplayName("GIVEN a step running when MongoDB stops WHEN the server comes back THEN the failed run named the address, its lock was released or expired, and the next run completes with nothing lost")
    void serverStopsMidStepAndComesBack() {
        int rounds = Scale.pick(2, 5);
        Random random = Scale.random("mongo-outage");
        List<String> violations = new ArrayList<>();
        long started = System.nanoTime();
        try (EmbeddedMongo mongo = EmbeddedMongo.persistent(dir.resolve("outage.mv.db"))) {
            for (int round = 1; round <= rounds; round++) {
                // odd rounds cut the server while the step waits before a data write, even ones before a checkpoint
                violations.addAll(round(mongo, round, 1 + random.nextInt(ITEMS / BATCH - 2),
                        round % 2 == 1 ? "beforeWrite" : "afterWrite"));
            }
        }
        Report.row("MongoDB outage mid-step (H2 file backend, same port)", rounds, violations,
                (System.nanoTime() - started) / 1_000_000, ITEMS + " documents in batches of " + BATCH
                        + ", server stopped after a random batch, lease " + LEASE.toMillis() + " ms");
        assertThat(violations).isEmpty();
    }

    private List<String> round(EmbeddedMongo mongo, int round, int stopAfterBatch, String delayAt) {
        String db = "outage_" + round;
        String address = "127.0.0.1:" + mongo.port();
        List<String> violations = new ArrayList<>();
        try (MongoClient client = mongo.newClient()) {
            ItemsData.seed(client, db, ITEMS);
        }

        ChildProcess first = children.start("first-" + round, args(mongo, db, "first-" + round, delayAt));
        first.awaitLine(l -> l.startsWith("SMR BATCH ") && ChildResult.field(l, "last").map(Integer::parseInt)
                .orElse(0) >= stopAfterBatch * BATCH, Duration.ofSeconds(60), "batch " + stopAfterBatch);
        mongo.stop();
        Instant stoppedAt = Instant.now();
        ChildResult failed = first.awaitExit(Duration.ofSeconds(60));
        mongo.start();
        System.out.printf("round %d (stopped after batch %d, delay %s): %s%n", round, stopAfterBatch, delayAt, failed);

        if (failed.exitCode() == 0 || failed.error().filter(OUTAGE_CODES::contains).isEmpty()
                || !failed.errorMessage().contains(address)) {
            violations.add("round " + round + ": the run cut off from MongoDB did not fail with STEP_FAILED or"
                    + " LEDGER_UNAVAILABLE naming " + address + ": " + failed + "\n" + failed.tail());
        }
        if (mongo.port() != Integer.parseInt(address.substring(address.indexOf(':') + 1))) {
            violations.add("round " + round + ": the server came back on another port " + mongo.port());
        }
        try (MongoClient client = mongo.newClient()) {
            MongoLedgerDoc ledger = new MongoLedgerDoc(client, db);
            Optional<Document> lock = ledger.lock();
            if (lock.isPresent() && lock.get().get("expiresAt", Date.class).toInstant()
                    .isAfter(stoppedAt.plus(LEASE).plusSeconds(1))) {
                violations.add("round " + round + ": the lock neither released nor about to expire: " + lock.get().toJson());
            }

            ChildProcess second = children.start("second-" + round, args(mongo, db, "second-" + round, delayAt));
            String firstBatch = second.awaitLine(l -> l.startsWith("SMR BATCH ") || l.startsWith("SMR RESULT ")
                    || l.startsWith("SMR ERROR "), Duration.ofSeconds(60), "its first batch");
            ChildResult done = second.awaitExit(Duration.ofSeconds(60));
            if (!done.succeeded() || !done.after().equals(Optional.of(Chains.TARGET))) {
                violations.add("round " + round + ": the run after the outage did not finish: " + done + "\n" + done.tail());
            }
            List<KillLoop.Window> redone = firstBatch.startsWith("SMR BATCH ")
                    ? List.of(new KillLoop.Window(Long.parseLong(ChildResult.field(firstBatch, "first").orElseThrow()),
                    Long.parseLong(ChildResult.field(firstBatch, "last").orElseThrow())))
                    : List.of();
            violations.addAll(Visits.check("round " + round + ": item", ItemsData.visits(client, db), redone).violations());
            List<Document> expected = IntStream.rangeClosed(1, ITEMS).mapToObj(Chains::expectedItem).toList();
            if (!ItemsData.withoutVisits(client, db).equals(expected)) {
                violations.add("round " + round + ": the items differ from a clean run's");
            }
            List<String> history = ledger.history();
            if (!ledger.currentVersion().equals(Optional.of(Chains.TARGET)) || ledger.lock().isPresent()
                    || history.isEmpty() || !history.get(history.size() - 1).equals("backfill:APPLIED")) {
                violations.add("round " + round + ": ledger " + ledger.read().map(Document::toJson).orElse("(none)"));
            }
        }
        return violations;
    }

    private List<String> args(EmbeddedMongo mongo, String db, String instance, String delayAt) {
        return List.of("delayAt=" + delayAt, "chain=items", "mongo=" + mongo.connectionString(), "db=" + db, "batch=" + BATCH,
                "batchDelayMs=100", "lockTtlMs=" + LEASE.toMillis(), "serverSelectionMs=1000", "instance=" + instance);
    }
}
