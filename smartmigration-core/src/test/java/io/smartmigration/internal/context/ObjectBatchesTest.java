package io.smartmigration.internal.context;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smartmigration.ErrorCode;
import io.smartmigration.MigrationResult;
import io.smartmigration.SmartMigration;
import io.smartmigration.SmartMigrationException;
import io.smartmigration.InternalLedgers;
import io.smartmigration.spi.SimulatedProcessDeath;
import io.smartmigration.internal.ledger.LedgerState;
import io.smartmigration.scenarios.S3TestBackend;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Object;

@DisplayName("The S3 object batch iterator")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(180)
class ObjectBatchesTest {

    private static final Logger LOG = LoggerFactory.getLogger("io.smartmigration.scenarios.rekey");
    private static final int OBJECTS = 5_000;
    private static final int BATCH = 500;

    private final S3TestBackend s3 = new S3TestBackend();
    private final ExecutorService pool = Executors.newFixedThreadPool(8);

    @BeforeEach
    void freshBucket() {
        s3.newNamespace();
    }

    @AfterAll
    void stop() {
        pool.shutdownNow();
        s3.close();
    }

    private static String body(String name) {
        return "content of " + name;
    }

    private void seed(String prefix, int count) throws Exception {
        List<Future<?>> puts = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String name = String.format("%05d", i);
            puts.add(pool.submit(() -> s3.client().putObject(b -> b.bucket(s3.bucket()).key(prefix + name),
                    RequestBody.fromString(body(name)))));
        }
        for (Future<?> put : puts) {
            put.get(60, TimeUnit.SECONDS);
        }
    }

    private List<String> keys(String prefix) {
        List<String> keys = new ArrayList<>();
        s3.client().listObjectsV2Paginator(b -> b.bucket(s3.bucket()).prefix(prefix)).contents()
                .forEach(o -> keys.add(o.key()));
        return keys;
    }

    /**
     * Re-keys every object under old/ to new/: copy each, then delete the batch, counting copies
     * per key (a copy made twice shows). Dies as a killed process would at the start of batch
     * {@code killAtBatch} (1-based), after the batches before it were checkpointed.
     */
    private SmartMigration rekey(Clock clock, Map<String, AtomicInteger> copies, int killAtBatch) {
        AtomicInteger batches = new AtomicInteger();
        return SmartMigration.builder().targetVersion("2.0.0").s3(s3.client(), s3.bucket()).clock(clock)
                .lockTtl(Duration.ofSeconds(2)).lockWait(Duration.ofSeconds(30))
                .step("rekey-avatars").from("1.0.0").to("2.0.0").resumable()
                .up(ctx -> ctx.forEachObjectBatch("old/", BATCH, batch -> {
                    if (batches.incrementAndGet() == killAtBatch) {
                        throw new SimulatedProcessDeath("killed at the start of batch " + killAtBatch);
                    }
                    List<Future<?>> moves = new ArrayList<>();
                    for (S3Object object : batch) {
                        String name = object.key().substring("old/".length());
                        moves.add(pool.submit(() -> {
                            ctx.s3().copyObject(b -> b.sourceBucket(ctx.bucket()).sourceKey(object.key())
                                    .destinationBucket(ctx.bucket()).destinationKey("new/" + name));
                            copies.computeIfAbsent(name, k -> new AtomicInteger()).incrementAndGet();
                        }));
                    }
                    for (Future<?> move : moves) {
                        move.get(60, TimeUnit.SECONDS);
                    }
                    DeleteObjectsResponse deleted = ctx.s3().deleteObjects(b -> b.bucket(ctx.bucket()).delete(d -> d
                            .objects(batch.stream().map(o -> ObjectIdentifier.builder().key(o.key()).build()).toList())
                            .quiet(true)));
                    assertThat(deleted.errors()).isEmpty();
                })).build();
    }

    @Test
    @DisplayName("GIVEN 5,000 objects WHEN the re-keying step is killed at the start of batch 5 and another instance"
            + " takes over after the lease THEN it resumes at batch 5 and every object is moved exactly once")
    void rekeyResumesAfterKill() throws Exception {
        long t0 = System.nanoTime();
        seed("old/", OBJECTS);
        long seeded = System.nanoTime();
        Map<String, AtomicInteger> copies = new ConcurrentHashMap<>();
        Clock now = Clock.systemUTC();

        SmartMigration doomed = rekey(now, copies, 5);
        assertThatThrownBy(doomed::run).isInstanceOf(SimulatedProcessDeath.class);

        LedgerState afterKill = InternalLedgers.of(doomed).read().orElseThrow();
        assertThat(afterKill.lock()).as("a killed process leaves its lock").isPresent();
        assertThat(afterKill.checkpoint().orElseThrow().data()).containsEntry("walk:objects:old/:1:lastKey", "old/01999");
        assertThat(copies).hasSize(4 * BATCH);
        assertThat(keys("old/")).hasSize(OBJECTS - 4 * BATCH);

        MigrationResult resumed = rekey(Clock.offset(now, Duration.ofMinutes(2)), copies, -1).run();
        long done = System.nanoTime();

        assertThat(resumed.reachedTarget()).isTrue();
        assertThat(copies).hasSize(OBJECTS).allSatisfy((name, count) -> assertThat(count).as(name).hasValue(1));
        assertThat(keys("old/")).isEmpty();
        List<String> moved = keys("new/");
        assertThat(moved).hasSize(OBJECTS).first().isEqualTo("new/00000");
        for (String name : List.of("00000", "01999", "02000", "04999")) {
            assertThat(s3.client().getObjectAsBytes(b -> b.bucket(s3.bucket()).key("new/" + name)).asUtf8String())
                    .isEqualTo(body(name));
        }
        LedgerState after = InternalLedgers.of(doomed).read().orElseThrow();
        assertThat(after.checkpoint()).isEmpty();
        assertThat(after.lock()).isEmpty();
        LOG.info("re-keyed {} objects: seeding {} ms, kill + resume {} ms", OBJECTS, (seeded - t0) / 1_000_000,
                (done - seeded) / 1_000_000);
    }

    @Test
    @DisplayName("GIVEN a walk over the whole bucket WHEN the ledger lives in that bucket THEN its objects are never"
            + " handed out, and the count returned is the count handed out")
    void wholeBucketWalkSkipsTheLedger() throws Exception {
        seed("", 25);
        List<String> seen = new ArrayList<>();
        AtomicInteger counted = new AtomicInteger();

        SmartMigration.builder().targetVersion("1.1.0").s3(s3.client(), s3.bucket())
                .step("list-all").from("1.0.0").to("1.1.0").resumable()
                .up(ctx -> counted.set((int) ctx.forEachObjectBatch("", 10,
                        batch -> batch.forEach(o -> seen.add(o.key())))))
                .build().run();

        assertThat(keys(".smartmigration/")).isNotEmpty();
        assertThat(seen).hasSize(25).noneMatch(k -> k.startsWith(".smartmigration/")).isSorted();
        assertThat(counted).hasValue(25);
    }

    @Test
    @DisplayName("GIVEN a batch size outside 1..1000 THEN run() is INVALID_CONFIG saying what S3 allows")
    void batchSizeIsChecked() {
        SmartMigration migration = SmartMigration.builder().targetVersion("1.1.0").s3(s3.client(), s3.bucket())
                .step("too-big").from("1.0.0").to("1.1.0").resumable()
                .up(ctx -> ctx.forEachObjectBatch("any/", 1001, batch -> { }))
                .build();

        assertThatThrownBy(migration::run).isInstanceOfSatisfying(SmartMigrationException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_CONFIG)).hasMessageContaining("use 1 to 1000");
    }
}
