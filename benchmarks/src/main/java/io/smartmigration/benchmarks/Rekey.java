package io.smartmigration.benchmarks;

import io.smartmigration.MigrationResult;
import io.smartmigration.SmartMigration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Re-keying objects from one prefix to another, two ways: raw list + copy + delete, and a
 * resumable smartmigration step on the S3 ledger with the object batch iterator. Both do the same
 * requests per page of {@value #BATCH}: one CopyObject per object, then one DeleteObjects.
 * Passes alternate the direction ({@code a/} to {@code b/} and back), so no pass reseeds.
 */
final class Rekey {

    static final int BATCH = 1000;
    private final S3Client s3;
    private final String bucket;
    private int size;
    private int passes;

    Rekey(S3Client s3, String bucket) {
        this.s3 = s3;
        this.bucket = bucket;
        s3.createBucket(b -> b.bucket(bucket));
    }

    int size() {
        return size;
    }

    /** Puts {@code count} small objects under {@code a/} (4 writers); returns the time it took. */
    double seed(int count) throws InterruptedException {
        long t = System.nanoTime();
        ExecutorService writers = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> puts = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                String key = String.format("a/avatars/%06d.txt", i);
                puts.add(writers.submit(() -> s3.putObject(b -> b.bucket(bucket).key(key).contentType("text/plain"),
                        RequestBody.fromString("avatar of user " + key + " ".repeat(64)))));
            }
            for (Future<?> put : puts) {
                put.get();
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("seeding the re-key bucket failed", e.getCause());
        } finally {
            writers.shutdownNow();
        }
        size = count;
        return Stats.millisSince(t);
    }

    private String from() {
        return passes % 2 == 0 ? "a/" : "b/";
    }

    private String to() {
        return passes % 2 == 0 ? "b/" : "a/";
    }

    Bulk.Pass raw() {
        String from = from();
        String to = to();
        long t = System.nanoTime();
        long moved = 0;
        String token = null;
        do {
            String continuation = token;
            ListObjectsV2Response page = s3.listObjectsV2(b -> b.bucket(bucket).prefix(from).maxKeys(BATCH)
                    .continuationToken(continuation));
            moved += move(page.contents(), from, to);
            token = Boolean.TRUE.equals(page.isTruncated()) ? page.nextContinuationToken() : null;
        } while (token != null);
        double millis = Stats.millisSince(t);
        finish(moved, "raw");
        return new Bulk.Pass("raw", size, millis, null);
    }

    Bulk.Pass ours() {
        String from = from();
        String to = to();
        AtomicLong moved = new AtomicLong();
        SmartMigration migration = SmartMigration.builder().targetVersion("1.1.0").s3(s3, bucket)
                .ledgerName("rekey-" + passes)
                .step("rekey").from("1.0.0").to("1.1.0").resumable()
                .up(ctx -> ctx.forEachObjectBatch(from, BATCH, batch -> moved.addAndGet(move(batch, from, to))))
                .build();
        long t = System.nanoTime();
        MigrationResult result = migration.run();
        double millis = Stats.millisSince(t);
        NoOpBoot.require(result.reachedTarget(), "the re-key step reached its target");
        finish(moved.get(), "smartmigration");
        return new Bulk.Pass("smartmigration", size, millis, null);
    }

    private long move(List<S3Object> batch, String from, String to) {
        for (S3Object object : batch) {
            String target = to + object.key().substring(from.length());
            s3.copyObject(b -> b.sourceBucket(bucket).sourceKey(object.key()).destinationBucket(bucket)
                    .destinationKey(target));
        }
        if (!batch.isEmpty()) {
            List<ObjectIdentifier> keys = batch.stream().map(o -> ObjectIdentifier.builder().key(o.key()).build())
                    .toList();
            s3.deleteObjects(b -> b.bucket(bucket).delete(d -> d.objects(keys).quiet(true)));
        }
        return batch.size();
    }

    private void finish(long moved, String kind) {
        NoOpBoot.require(moved == size, "the " + kind + " re-key moved all " + size + " objects, not " + moved);
        passes++;
    }
}
