package io.smartmigration;

import com.mongodb.client.ClientSession;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import org.bson.Document;
import org.bson.conversions.Bson;
import java.time.Clock;
import org.slf4j.Logger;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * What a step's handler works with: the configured backends, the step's identity, a logger,
 * and, for resumable steps, a {@link Checkpoint} and batch iterators that checkpoint for you.
 *
 * <pre>{@code
 * .step("move-avatars").from("1.1.0").to("2.0.0").resumable()
 *     .up(ctx -> ctx.forEachDocumentBatch("users", Filters.exists("avatar"), 500, batch -> {
 *         for (Document user : batch) {
 *             ctx.s3().putObject(b -> b.bucket(ctx.bucket()).key("avatars/" + user.get("_id")),
 *                                RequestBody.fromBytes(user.get("avatar", Binary.class).getData()));
 *         }
 *         ctx.mongo().getCollection("users").updateMany(
 *             Filters.in("_id", batch.stream().map(d -> d.get("_id")).toList()), Updates.unset("avatar"));
 *     }))
 * }</pre>
 *
 * Asking for a backend that was not configured, or for {@link #checkpoint()} in a step that is
 * not {@linkplain MigrationStep#resumable() resumable}, throws {@link SmartMigrationException}
 * with {@link ErrorCode#INVALID_CONFIG}.
 */
public interface MigrationContext {

    /** The configured database. */
    MongoDatabase mongo();

    /** The configured client, for work across databases. */
    MongoClient mongoClient();

    /** A new session on the configured client; the handler closes it. */
    ClientSession startSession();

    /** The configured S3 client. */
    S3Client s3();

    /** The configured bucket's name. */
    String bucket();

    /** The running step. */
    StepInfo step();

    /** A logger named {@code io.smartmigration.step.<id>}. */
    Logger log();

    /** The step's checkpoint; only in steps marked resumable. */
    Checkpoint checkpoint();

    /**
     * Records the step's own summary ("moved 32 attachments of 21 notes"), stored in its history
     * entry ({@link HistoryEntry#output()}) whether the step is applied or fails, and shown by
     * {@link SmartMigration#status()} and the CLI's {@code history}. Each call replaces the previous
     * one: the last summary set is the one stored. Text longer than
     * {@value HistoryEntry#OUTPUT_LIMIT_BYTES} bytes of UTF-8 is cut and ended with
     * {@value HistoryEntry#TRUNCATED}. Keep user data out of it: it is stored in the ledger and
     * printed by operators' tools.
     *
     * <pre>{@code
     * long moved = ...;
     * ctx.output("moved " + moved + " attachment(s) to s3://" + ctx.bucket() + "/attachments/");
     * }</pre>
     *
     * @throws SmartMigrationException {@link ErrorCode#INVALID_CONFIG} for a null summary
     */
    void output(String summary);

    /**
     * The runner's clock ({@link SmartMigration.Builder#clock}, the system's UTC clock by default).
     * Take the time a step writes from it rather than from {@code Instant.now()}, so that a test
     * can fix it and compare runs: the toolkit's harness hands every run of a test the same instant.
     *
     * <pre>{@code
     * ctx.mongo().getCollection("notes").updateMany(exists("migratedAt", false),
     *         set("migratedAt", Date.from(ctx.clock().instant())));
     * }</pre>
     */
    Clock clock();

    /**
     * Walks the documents of {@code collection} that match {@code filter}, in ascending
     * {@code _id} order, {@code batchSize} at a time. In a resumable step the last {@code _id}
     * of each finished batch is checkpointed, so a rerun after a crash continues after it.
     * The {@code _id}s are expected to be of one BSON type (as Mongo orders types separately).
     *
     * @return the number of documents handed to {@code handler} in this run
     */
    long forEachDocumentBatch(String collection, Bson filter, int batchSize, BatchHandler<Document> handler);

    /** {@link #forEachDocumentBatch(String, Bson, int, BatchHandler)} over every document. */
    default long forEachDocumentBatch(String collection, int batchSize, BatchHandler<Document> handler) {
        // Filters.empty() is typed Bson: an S3-only application, without the Mongo driver, can load this interface
        return forEachDocumentBatch(collection, com.mongodb.client.model.Filters.empty(), batchSize, handler);
    }

    /**
     * Walks the objects under {@code prefix} in the configured bucket in key order,
     * {@code batchSize} at a time (ListObjectsV2 with {@code startAfter}; nothing holds all keys
     * in memory). In a resumable step the last key of each finished batch is checkpointed.
     *
     * @return the number of objects handed to {@code handler} in this run
     */
    long forEachObjectBatch(String prefix, int batchSize, BatchHandler<S3Object> handler);

    /**
     * Walks the documents of {@code collection} that match {@code filter} in ascending {@code _id} order,
     * handing each to {@code handler} on one of {@code parallelism} worker threads, with at most
     * {@code parallelism} documents in flight. Use it when each document costs a round trip of its own
     * (an update, an S3 write): the walk then moves about {@code parallelism} times faster than
     * {@link #forEachDocumentBatch}, until the servers are saturated.
     *
     * <p>Items finish out of order. The walk checkpoints the <em>low-water mark</em>: the {@code _id} below
     * which every document is done (in a resumable step, in the ledger; under the same key as
     * {@link #forEachDocumentBatch}, so a step may switch between the two). It never hands out a document
     * more than {@link #parallelWindow(int) parallelWindow(parallelism)} items past the last checkpoint, so
     * a crash redoes at most that many. The first handler exception stops the walk: no new document is
     * handed out, the documents in flight finish, the checkpoint is moved to the low-water mark, and the
     * step fails ({@link ErrorCode#STEP_FAILED}) with that exception as the cause. A thread interrupt
     * stops it the same way, with {@link ErrorCode#INTERRUPTED}. Progress (items per second, time left)
     * is logged at DEBUG, and at INFO every 10 s.
     *
     * <pre>{@code
     * ctx.forEachDocument("users", Filters.exists("status", false), 16, user ->
     *         ctx.mongo().getCollection("users").updateOne(Filters.eq("_id", user.get("_id")),
     *                 Updates.set("status", statusOf(user))));
     * }</pre>
     *
     * @param parallelism worker threads, 1 to 512; for example 16 against MongoDB
     * @return the number of documents handled in this run
     */
    long forEachDocument(String collection, Bson filter, int parallelism, ItemHandler<Document> handler);

    /** {@link #forEachDocument(String, Bson, int, ItemHandler)} over every document. */
    default long forEachDocument(String collection, int parallelism, ItemHandler<Document> handler) {
        return forEachDocument(collection, com.mongodb.client.model.Filters.empty(), parallelism, handler);
    }

    /**
     * Walks the objects under {@code prefix} in key order, handing each to {@code handler} on one of
     * {@code parallelism} worker threads, with at most {@code parallelism} objects in flight; checkpoints,
     * failures, interrupts and progress as for {@link #forEachDocument(String, Bson, int, ItemHandler)}
     * (the position is the key below which every object is done). The S3 client's HTTP connection pool
     * must allow {@code parallelism} connections (the Apache client's {@code maxConnections} defaults
     * to 50).
     *
     * <pre>{@code
     * ctx.forEachObject("avatars/", 64, object -> {
     *     String target = "v2/" + object.key();
     *     ctx.s3().copyObject(b -> b.sourceBucket(ctx.bucket()).sourceKey(object.key())
     *             .destinationBucket(ctx.bucket()).destinationKey(target));
     *     ctx.s3().deleteObject(b -> b.bucket(ctx.bucket()).key(object.key()));
     * });
     * }</pre>
     *
     * @param parallelism worker threads, 1 to 512; for example 64 against S3
     * @return the number of objects handled in this run
     */
    long forEachObject(String prefix, int parallelism, ItemHandler<S3Object> handler);

    /**
     * How many items a parallel walk with {@code parallelism} workers may hand out past its last
     * checkpoint, and so the most a crash makes it redo: {@code max(16 * parallelism, 1024)}. The walk
     * writes its checkpoint (one ledger write) each time a quarter of that is done, from a worker while
     * the others go on, so it does not wait for the ledger's round trips; the window is wide enough that
     * a fast walk (thousands of items a second) does not catch up with its last checkpoint either.
     */
    static int parallelWindow(int parallelism) {
        return Math.max(16 * parallelism, 1024);
    }
}
