package io.smartmigration.safety;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import io.smartmigration.ErrorCode;
import io.smartmigration.MigrationResult;
import io.smartmigration.SmartMigration;
import io.smartmigration.SmartMigrationException;
import io.smartmigration.embedded.EmbeddedMongo;
import io.smartmigration.embedded.EmbeddedS3;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * DESIGN.md, "Bounded failure": with the backend gone in the middle of a step, {@code run()} fails
 * within about one lease, never after the driver's default timeouts stacked on each other, and
 * sends nothing once the lease is gone. The application's clients here keep the drivers' defaults
 * (MongoDB: 30 s server selection, no socket timeout; S3: a 60 s socket timeout and the SDK's
 * retries), so without the ledger's own bound each failure below would take 30 s or more.
 *
 * <p>The bound asserted is generous (four leases and 10 s, on a loaded machine) and still
 * far below what the drivers' defaults cost; the outage is triggered by the handler itself, at a
 * known point of the step, so nothing depends on timing.
 */
@DisplayName("With the backend gone mid-step, run() fails within about one lease")
class BoundedOutageTest {

    private static final Duration LEASE = Duration.ofSeconds(2);
    /** Four leases for the ledger calls, and some seconds for a loaded machine. */
    private static final Duration BOUND = LEASE.multipliedBy(4).plusSeconds(10);
    /** How long the test waits for run() at all, so a regression fails instead of hanging the build. */
    private static final Duration GIVE_UP = Duration.ofSeconds(150);

    private final ExecutorService executor = Executors.newSingleThreadExecutor();

    @AfterEach
    void stopExecutor() {
        executor.shutdownNow();
    }

    /** Runs {@code migration} and returns how long after {@code outageAt} was set it failed, and with what. */
    private record Failure(SmartMigrationException error, Duration afterOutage) {
    }

    private Failure failure(SmartMigration migration, AtomicLong outageAt) throws Exception {
        Future<MigrationResult> run = executor.submit(migration::run);
        try {
            run.get(GIVE_UP.toSeconds(), TimeUnit.SECONDS);
            throw new AssertionError("run() succeeded although the backend went away mid-step");
        } catch (java.util.concurrent.ExecutionException e) {
            long failedAt = System.nanoTime();
            assertThat(e.getCause()).isInstanceOf(SmartMigrationException.class);
            assertThat(outageAt.get()).as("the outage happened before run() failed with %s", e.getCause()).isNotZero();
            Failure failure = new Failure((SmartMigrationException) e.getCause(), Duration.ofNanos(failedAt - outageAt.get()));
            System.out.printf("run() failed %d ms after the outage (lease %d ms): %s%n", failure.afterOutage().toMillis(),
                    LEASE.toMillis(), failure.error().code());
            return failure;
        }
    }

    private static SmartMigration.Builder walking(SmartMigration.Builder builder, boolean objects, Runnable outage,
                                                  AtomicLong outageAt) {
        AtomicInteger batches = new AtomicInteger();
        return builder.targetVersion("1.1.0").lockTtl(LEASE).lockWait(Duration.ofSeconds(30))
                .step("walk").from("1.0.0").to("1.1.0").resumable().up(ctx -> {
                    io.smartmigration.BatchHandler<Object> handler = batch -> {
                        if (batches.incrementAndGet() == 3) {
                            outage.run();
                            outageAt.set(System.nanoTime());
                        }
                    };
                    if (objects) {
                        ctx.forEachObjectBatch("items/", 5, batch -> handler.handle(java.util.List.copyOf(batch)));
                    } else {
                        ctx.forEachDocumentBatch("items", 5, batch -> handler.handle(java.util.List.copyOf(batch)));
                    }
                });
    }

    private static void seed(MongoClient client, String db) {
        client.getDatabase(db).getCollection("items").insertMany(IntStream.range(0, 40)
                .mapToObj(i -> new Document("_id", i)).toList());
    }

    @Test
    @DisplayName("GIVEN a driver-default MongoClient WHEN MongoDB stops between two batches THEN run() fails with"
            + " LEDGER_UNAVAILABLE naming the server within about one lease, and after the restart the next run finishes")
    void mongoStopsBetweenBatches() throws Exception {
        try (EmbeddedMongo mongo = EmbeddedMongo.inMemory();
             MongoClient client = MongoClients.create(mongo.connectionString())) {
            seed(client, "stopped");
            AtomicLong outageAt = new AtomicLong();

            Failure failure = failure(walking(SmartMigration.builder().mongo(client, "stopped"), false, mongo::stop,
                    outageAt).build(), outageAt);

            assertThat(failure.error().code()).isEqualTo(ErrorCode.LEDGER_UNAVAILABLE);
            assertThat(failure.error()).hasMessageContaining("127.0.0.1:" + mongo.port());
            assertThat(failure.afterOutage()).as("failed within about one lease of %s", LEASE).isLessThan(BOUND);

            mongo.start();
            MigrationResult resumed = walking(SmartMigration.builder().mongo(client, "stopped"), false, () -> { },
                    new AtomicLong()).lockTtl(Duration.ofSeconds(30)).build().run();
            assertThat(resumed.reachedTarget()).isTrue();
        }
    }

    @Test
    @DisplayName("GIVEN a driver-default MongoClient (no socket timeout) WHEN MongoDB stops answering between two"
            + " batches THEN run() fails with LEDGER_UNAVAILABLE within about one lease instead of hanging")
    void mongoStopsAnswering() throws Exception {
        try (EmbeddedMongo mongo = EmbeddedMongo.inMemory(); SilentProxy proxy = new SilentProxy(mongo.port());
             MongoClient client = MongoClients.create("mongodb://127.0.0.1:" + proxy.port())) {
            seed(client, "silent");
            AtomicLong outageAt = new AtomicLong();

            Failure failure = failure(walking(SmartMigration.builder().mongo(client, "silent"), false, proxy::silence,
                    outageAt).build(), outageAt);

            assertThat(failure.error().code()).isEqualTo(ErrorCode.LEDGER_UNAVAILABLE);
            assertThat(failure.afterOutage()).as("failed within about one lease of %s", LEASE).isLessThan(BOUND);
        }
    }

    @Test
    @DisplayName("GIVEN an S3Client with a 60 s socket timeout and the SDK's retries WHEN S3 stops answering between"
            + " two batches THEN run() fails with LEDGER_UNAVAILABLE within about one lease")
    void s3StopsAnswering() throws Exception {
        try (EmbeddedS3 s3 = EmbeddedS3.inMemory(); SilentProxy proxy = new SilentProxy(s3.port())) {
            String bucket = s3.createBucket("silent");
            try (S3Client seeder = s3.newClient()) {
                IntStream.range(0, 40).forEach(i -> seeder.putObject(b -> b.bucket(bucket).key("items/" + i),
                        RequestBody.fromString("x")));
            }
            try (S3Client client = s3.clientBuilder().endpointOverride(URI.create("http://127.0.0.1:" + proxy.port()))
                    .httpClientBuilder(Apache5HttpClient.builder().socketTimeout(Duration.ofSeconds(60))).build()) {
                AtomicLong outageAt = new AtomicLong();

                Failure failure = failure(walking(SmartMigration.builder().s3(client, bucket), true, proxy::silence,
                        outageAt).build(), outageAt);

                assertThat(failure.error().code()).isEqualTo(ErrorCode.LEDGER_UNAVAILABLE);
                assertThat(failure.afterOutage()).as("failed within about one lease of %s", LEASE).isLessThan(BOUND);
            }
        }
    }
}
