package io.smartmigration.reliability;

import io.smartmigration.reliability.support.SharedMongoWithChildren;
import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.model.Filters;
import io.smartmigration.embedded.EmbeddedS3;
import io.smartmigration.reliability.support.ChildProcess;
import io.smartmigration.reliability.support.ChildResult;
import io.smartmigration.reliability.support.MongoLedgerDoc;
import io.smartmigration.reliability.support.Report;
import io.smartmigration.reliability.support.S3LedgerObjects;
import io.smartmigration.reliability.support.Scale;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Eight app instances, each its own JVM, released at the same instant against one MongoDB (ledger
 * in Mongo), or against one S3 bucket (S3-only: ledger and markers in the bucket): every step's
 * handler runs exactly once (counted by the markers the handlers write, one per execution), every
 * instance exits 0 at the target, exactly one instance applies the steps. Rounds: 3 by default, 20 with {@code -Dreliability.full=true}.
 */
@DisplayName("Concurrent boots of separate JVM processes")
class ConcurrentBootsTest extends SharedMongoWithChildren {

    private static final int INSTANCES = 8;
    private static final List<String> STEPS = List.of("s1", "s2", "s3");


    @Test
    @Timeout(value = 20, unit = TimeUnit.MINUTES)
    @DisplayName("GIVEN 8 JVMs released at once on a Mongo ledger WHEN they boot THEN each handler ran once and all exit 0 at 2.0.0, every round")
    void eightProcessesOnMongoLedger() {
        int rounds = Scale.pick(3, 20);
        List<String> violations = new ArrayList<>();
        long started = System.nanoTime();
        for (int round = 1; round <= rounds; round++) {
            String db = "boots_" + round;
            List<ChildResult> results = bootAtOnce(round, List.of("chain=markers", "mongo=" + mongo.connectionString(),
                    "db=" + db));
            violations.addAll(check(round, results, db));
        }
        Report.row("concurrent boots, Mongo ledger (8 JVMs)", rounds, violations,
                (System.nanoTime() - started) / 1_000_000, INSTANCES + " processes per round");
        assertThat(violations).isEmpty();
    }

    @Test
    @Timeout(value = 20, unit = TimeUnit.MINUTES)
    @DisplayName("GIVEN 8 JVMs released at once on an S3-only ledger WHEN they boot THEN each handler ran once and all exit 0 at 2.0.0, every round")
    void eightProcessesOnS3Ledger() {
        int rounds = Scale.pick(3, 20);
        List<String> violations = new ArrayList<>();
        long started = System.nanoTime();
        try (EmbeddedS3 s3 = EmbeddedS3.inMemory(); S3Client s3Client = s3.newClient()) {
            for (int round = 1; round <= rounds; round++) {
                String bucket = s3.createBucket("boots-" + round);
                List<ChildResult> results = bootAtOnce(round, List.of("chain=markers", "s3=" + s3.endpoint(),
                        "bucket=" + bucket));
                violations.addAll(checkInstances(round, results));
                for (String step : STEPS) {
                    int runs = s3Client.listObjectsV2(b -> b.bucket(bucket).prefix("markers/" + step + "/")).keyCount();
                    if (runs != 1) {
                        violations.add("round " + round + ": step " + step + " ran " + runs + " times");
                    }
                }
                S3LedgerObjects ledger = new S3LedgerObjects(s3Client, bucket);
                if (!ledger.currentVersion().equals(Optional.of("2.0.0")) || ledger.locked()
                        || !ledger.history().equals(List.of("s1:APPLIED", "s2:APPLIED", "s3:APPLIED"))) {
                    violations.add("round " + round + ": ledger " + ledger.describe());
                }
            }
        }
        Report.row("concurrent boots, S3-only ledger (8 JVMs)", rounds, violations,
                (System.nanoTime() - started) / 1_000_000, INSTANCES + " processes per round");
        assertThat(violations).isEmpty();
    }

    private List<ChildResult> bootAtOnce(int round, List<String> common) {
        List<ChildProcess> instances = new ArrayList<>();
        for (int i = 1; i <= INSTANCES; i++) {
            List<String> args = new ArrayList<>(common);
            args.add("instance=round" + round + "-app" + i);
            args.add("barrier=true");
            // long enough for every ledger call (each bounded by the time left on the lease) on a loaded machine;
            // waiters wait for the holder to finish, not for its lease, so a long lease costs nothing here
            args.add("lockTtlMs=20000");
            instances.add(children.start("round" + round + "-app" + i, args));
        }
        for (ChildProcess instance : instances) {
            instance.awaitProtocol("READY", Duration.ofSeconds(90));
        }
        for (ChildProcess instance : instances) {
            instance.send("GO");
        }
        List<ChildResult> results = new ArrayList<>();
        for (ChildProcess instance : instances) {
            results.add(instance.awaitExit(Duration.ofSeconds(90)));
        }
        children.close();
        return results;
    }

    /** Every instance exited 0 at the target, and exactly one of them applied the steps. */
    private static List<String> checkInstances(int round, List<ChildResult> results) {
        List<String> violations = new ArrayList<>();
        for (ChildResult result : results) {
            if (!result.succeeded() || !result.after().equals(Optional.of("2.0.0"))) {
                violations.add("round " + round + ": " + result + "\n" + result.tail());
            }
        }
        long appliers = results.stream().filter(r -> !r.appliedSteps().isEmpty()).count();
        List<String> applied = results.stream().flatMap(r -> r.appliedSteps().stream()).toList();
        if (appliers != 1 || !applied.equals(STEPS)) {
            violations.add("round " + round + ": expected one instance to apply " + STEPS + ", got " + results);
        }
        return violations;
    }

    private List<String> check(int round, List<ChildResult> results, String db) {
        List<String> violations = new ArrayList<>(checkInstances(round, results));
        for (String step : STEPS) {
            long runs = client.getDatabase(db).getCollection("markers").countDocuments(Filters.eq("step", step));
            if (runs != 1) {
                violations.add("round " + round + ": step " + step + " ran " + runs + " times");
            }
        }
        new MongoLedgerDoc(client, db).unlessSettledAt("2.0.0", List.of("s1:APPLIED", "s2:APPLIED", "s3:APPLIED"))
                .ifPresent(ledger -> violations.add("round " + round + ": " + ledger));
        return violations;
    }
}
