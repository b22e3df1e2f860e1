package io.smartmigration.benchmarks;

import io.smartmigration.MigrationResult;
import io.smartmigration.SmartMigration;
import io.smartmigration.StepHandler;
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
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Row 7's S3 part: re-keying objects one request at a time behind the latency proxy, three ways that
 * send the same requests per object (a CopyObject, then a DeleteObject): a raw loop with
 * {@value #PARALLELISM} requests in flight, the parallel walk ({@code forEachObject} with
 * parallelism {@value #PARALLELISM}), and today's sequential batch iterator ({@code forEachObjectBatch},
 * one object after the other). Passes alternate the direction, {@code a/} to {@code b/} and back.
 */
final class ParallelRekey {

    static final int PARALLELISM = 64;
    private final S3Client s3;
    private final String bucket;
    private final String root;
    private final ExecutorService workers = Executors.newFixedThreadPool(PARALLELISM, r -> {
        Thread thread = new Thread(r, "raw-rekey");
        thread.setDaemon(true);
        return thread;
    });
    private int size;
    private int passes;

    /** @param s3 the client the passes use (through the proxy), with room for {@value #PARALLELISM} connections */
    ParallelRekey(S3Client s3, String bucket, String root) {
        this.s3 = s3;
        this.bucket = bucket;
        this.root = root;
    }

    int size() {
        return size;
    }

    /** Puts {@code count} small objects under {@code <root>a/} through {@code direct} (16 writers). */
    void seed(S3Client direct, int count) throws InterruptedException {
        ExecutorService writers = Executors.newFixedThreadPool(16);
        try {
            List<Future<?>> puts = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                String key = String.format("%sa/avatars/%06d.txt", root, i);
                puts.add(writers.submit(() -> direct.putObject(b -> b.bucket(bucket).key(key).contentType("text/plain"),
                        RequestBody.fromString("avatar " + key))));
            }
            for (Future<?> put : puts) {
                put.get();
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("seeding " + root + " failed", e.getCause());
        } finally {
            writers.shutdownNow();
        }
        size = count;
    }

    private String from() {
        return root + (passes % 2 == 0 ? "a/" : "b/");
    }

    private String to() {
        return root + (passes % 2 == 0 ? "b/" : "a/");
    }

    /** The raw loop: list a page, hand each object to the pool, at most {@value #PARALLELISM} in flight. */
    Bulk.Pass raw() throws Exception {
        String from = from();
        String to = to();
        long t = System.nanoTime();
        List<Future<?>> moves = new ArrayList<>();
        String token = null;
        do {
            String continuation = token;
            ListObjectsV2Response page = s3.listObjectsV2(b -> b.bucket(bucket).prefix(from).maxKeys(1000)
                    .continuationToken(continuation));
            for (S3Object object : page.contents()) {
                moves.add(workers.submit(() -> move(object, from, to)));
            }
            token = Boolean.TRUE.equals(page.isTruncated()) ? page.nextContinuationToken() : null;
        } while (token != null);
        for (Future<?> move : moves) {
            move.get();
        }
        return finish("raw, " + PARALLELISM + " in flight", moves.size(), Stats.millisSince(t));
    }

    /** The parallel walk in a resumable step, ledger in the bucket (through the proxy too). */
    Bulk.Pass parallel() {
        String from = from();
        String to = to();
        AtomicLong moved = new AtomicLong();
        return step("forEachObject, parallelism " + PARALLELISM, "parallel", moved,
                ctx -> ctx.forEachObject(from, PARALLELISM, object -> {
                    move(object, from, to);
                    moved.incrementAndGet();
                }));
    }

    /** Today's sequential batch iterator, with the same per-object requests. */
    Bulk.Pass sequential() {
        String from = from();
        String to = to();
        AtomicLong moved = new AtomicLong();
        return step("forEachObjectBatch, one object at a time", "sequential", moved,
                ctx -> ctx.forEachObjectBatch(from, 1000, batch -> {
                    for (S3Object object : batch) {
                        move(object, from, to);
                        moved.incrementAndGet();
                    }
                }));
    }

    /** Runs {@code handler} as a resumable step on a ledger of its own in the bucket. */
    private Bulk.Pass step(String kind, String ledger, AtomicLong moved, StepHandler handler) {
        SmartMigration migration = SmartMigration.builder().targetVersion("1.1.0").s3(s3, bucket)
                .ledgerName(ledger + "-rekey-" + root.replace('/', '-') + passes)
                .step("rekey").from("1.0.0").to("1.1.0").resumable().up(handler)
                .build();
        long t = System.nanoTime();
        MigrationResult result = migration.run();
        double millis = Stats.millisSince(t);
        NoOpBoot.require(result.reachedTarget(), "the " + kind + " re-key step reached its target");
        return finish(kind, moved.get(), millis);
    }

    private void move(S3Object object, String from, String to) {
        String target = to + object.key().substring(from.length());
        s3.copyObject(b -> b.sourceBucket(bucket).sourceKey(object.key()).destinationBucket(bucket).destinationKey(target));
        s3.deleteObject(b -> b.bucket(bucket).key(object.key()));
    }

    private Bulk.Pass finish(String kind, long moved, double millis) {
        NoOpBoot.require(moved == size, "the " + kind + " re-key moved all " + size + " objects, not " + moved);
        NoOpBoot.require(s3.listObjectsV2(b -> b.bucket(bucket).prefix(from()).maxKeys(1)).contents().isEmpty(),
                "the " + kind + " re-key left nothing under " + from());
        passes++;
        return new Bulk.Pass(kind, size, millis, millis, null);
    }

    void close() {
        workers.shutdownNow();
    }
}
