package io.smartmigration.internal.context;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smartmigration.MigrationContext;
import io.smartmigration.MigrationResult;
import io.smartmigration.SmartMigration;
import io.smartmigration.InternalLedgers;
import io.smartmigration.spi.SimulatedProcessDeath;
import io.smartmigration.internal.ledger.LedgerState;
import io.smartmigration.scenarios.S3TestBackend;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.S3Object;

@DisplayName("The parallel S3 object walk (forEachObject)")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(180)
class ParallelObjectsTest {

    private static final int OBJECTS = 2_500;
    private static final int PARALLELISM = 16;

    private final S3TestBackend s3 = new S3TestBackend();
    private final ExecutorService pool = Executors.newFixedThreadPool(8);

    @BeforeEach
    void seed() throws Exception {
        s3.newNamespace();
        List<Future<?>> puts = new ArrayList<>();
        for (int i = 0; i < OBJECTS; i++) {
            String key = String.format("old/%05d", i);
            puts.add(pool.submit(() -> s3.client().putObject(b -> b.bucket(s3.bucket()).key(key), RequestBody.fromString(key))));
        }
        for (Future<?> put : puts) {
            put.get();
        }
    }

    @AfterAll
    void stop() {
        pool.shutdownNow();
        s3.close();
    }

    /** Re-keys old/ to new/ (copy, then delete), the ledger in the same bucket; counts how often each key was handled. */
    private SmartMigration.Builder rekey(Map<String, Integer> handled, int dieAt) {
        AtomicInteger n = new AtomicInteger();
        return SmartMigration.builder().targetVersion("1.1.0").s3(s3.client(), s3.bucket())
                .lockTtl(Duration.ofSeconds(2)).lockWait(Duration.ofSeconds(30))
                .step("rekey").from("1.0.0").to("1.1.0").resumable()
                .up(ctx -> ctx.forEachObject("old/", PARALLELISM, (S3Object object) -> {
                    if (n.incrementAndGet() == dieAt) {
                        throw new SimulatedProcessDeath("killed at object " + dieAt);
                    }
                    String target = "new/" + object.key().substring("old/".length());
                    ctx.s3().copyObject(b -> b.sourceBucket(ctx.bucket()).sourceKey(object.key())
                            .destinationBucket(ctx.bucket()).destinationKey(target));
                    ctx.s3().deleteObject(b -> b.bucket(ctx.bucket()).key(object.key()));
                    handled.merge(object.key(), 1, Integer::sum);
                }));
    }

    private List<String> keys(String prefix) {
        return s3.client().listObjectsV2Paginator(b -> b.bucket(s3.bucket()).prefix(prefix)).contents().stream()
                .map(S3Object::key).toList();
    }

    @Test
    @DisplayName("GIVEN objects under a prefix WHEN they are re-keyed with 16 workers THEN every object moves once and the ledger's own objects are not handed to the handler")
    void movesEveryObjectOnce() {
        Map<String, Integer> handled = new ConcurrentHashMap<>();

        MigrationResult result = rekey(handled, -1).build().run();

        assertThat(result.reachedTarget()).isTrue();
        assertThat(handled).hasSize(OBJECTS).allSatisfy((key, times) -> assertThat(times).as(key).isEqualTo(1));
        assertThat(keys("old/")).isEmpty();
        assertThat(keys("new/")).hasSize(OBJECTS);
    }

    @Test
    @DisplayName("GIVEN a process killed in the middle of a parallel re-key WHEN the step resumes THEN every object ends under new/ and at most the window is handled again")
    void resumesAfterACrash() {
        Map<String, Integer> handled = new ConcurrentHashMap<>();
        SmartMigration doomed = rekey(handled, 1_200).build();
        assertThatThrownBy(doomed::run).isInstanceOf(SimulatedProcessDeath.class);
        LedgerState afterKill = InternalLedgers.of(doomed).read().orElseThrow();
        String checkpointed = afterKill.checkpoint().orElseThrow().data().get("walk:objects:old/:1:lastKey");
        assertThat(checkpointed).as("the low-water key").isNotNull();
        assertThat(handled.keySet()).as("every object up to the checkpointed key was done")
                .containsAll(keysUpTo(checkpointed));

        MigrationResult resumed = rekey(handled, -1).build().run();

        assertThat(resumed.reachedTarget()).isTrue();
        assertThat(keys("old/")).isEmpty();
        assertThat(keys("new/")).hasSize(OBJECTS);
        assertThat(handled).hasSize(OBJECTS);
        long redone = handled.values().stream().mapToInt(times -> times - 1).sum();
        assertThat(redone).isLessThanOrEqualTo(MigrationContext.parallelWindow(PARALLELISM));
    }

    private static List<String> keysUpTo(String last) {
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < OBJECTS; i++) {
            String key = String.format("old/%05d", i);
            if (key.compareTo(last) <= 0) {
                keys.add(key);
            }
        }
        return keys;
    }
}
