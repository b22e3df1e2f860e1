package io.smartmigration.test;

import static io.smartmigration.test.MigrationAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import io.smartmigration.SmartMigration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.services.s3.model.S3Object;

/** An S3-only application: the ledger lives in the bucket under {@code .smartmigration/}. */
@MigrationTest(mongo = false)
@DisplayName("@MigrationTest(mongo = false): an S3-only application")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class S3OnlyTest {

    /** Copies every object under avatars/ to thumbs/, 2 keys per batch (resumable). */
    static SmartMigration.Builder thumbnails() {
        return SmartMigration.builder().targetVersion("1.1.0")
                .step("copy-thumbnails").from("1.0.0").to("1.1.0").resumable()
                .up(ctx -> ctx.forEachObjectBatch("avatars/", 2, batch -> {
                    for (S3Object object : batch) {
                        ctx.s3().copyObject(b -> b.sourceBucket(ctx.bucket()).sourceKey(object.key())
                                .destinationBucket(ctx.bucket()).destinationKey("thumbs/" + object.key().substring(8)));
                    }
                }));
    }

    static Fixture avatars() {
        Fixture fixture = Fixture.at("1.0.0").named("five avatars");
        for (int i = 1; i <= 5; i++) {
            fixture = fixture.object("avatars/" + i + ".png", new byte[] {(byte) i}, "image/png");
        }
        return fixture;
    }

    @Test
    @DisplayName("seeds objects, keeps the ledger in the bucket and out of the snapshot, and migrates")
    void migratesWithTheLedgerInTheBucket(MigrationHarness h, TestBucket bucket) {
        h.seed(avatars());

        assertThat(h.run(thumbnails())).reachedTarget().applied("copy-thumbnails");
        assertThat(h).isAt("1.1.0");
        assertThat(bucket.keys()).anyMatch(key -> key.startsWith(".smartmigration/"));
        assertThat(h.snapshot().objects().keySet()).noneMatch(key -> key.startsWith(".smartmigration/"))
                .contains("thumbs/5.png");
    }

    @Test
    @DisplayName("a crash in an object walk resumes from the checkpointed key and reaches the clean run's data")
    void crashAndResume(MigrationHarness h) {
        h.seed(avatars());
        h.runWithCrash(thumbnails(), Crash.inStep("copy-thumbnails").afterBatches(1));
        assertThat(h).isLocked().hasCheckpointFor("copy-thumbnails");

        assertThat(h.run(thumbnails())).reachedTarget();

        assertThat(h.snapshot()).hasObject("thumbs/1.png").hasObject("thumbs/5.png");
    }

    @Test
    @DisplayName("an object copy keyed by its source is idempotent")
    void idempotent(MigrationHarness h) {
        h.seed(avatars());

        h.assertIdempotent(thumbnails());

        assertThat(h).isAt("1.1.0");
    }
}
