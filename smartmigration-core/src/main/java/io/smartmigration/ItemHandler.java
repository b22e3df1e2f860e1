package io.smartmigration;

/**
 * Processes one item (a document or an S3 object) handed out by the context's parallel walks,
 * {@link MigrationContext#forEachDocument(String, org.bson.conversions.Bson, int, ItemHandler)} and
 * {@link MigrationContext#forEachObject(String, int, ItemHandler)}. It runs on one of the walk's worker
 * threads, several at once: it must be thread-safe and idempotent (after a crash, the items of the
 * in-flight window are handed out again, possibly in another order).
 *
 * <pre>{@code
 * ctx.forEachObject("avatars/", 64, object -> ctx.s3().copyObject(b -> b
 *         .sourceBucket(ctx.bucket()).sourceKey(object.key())
 *         .destinationBucket(ctx.bucket()).destinationKey("v2/" + object.key())));
 * }</pre>
 */
@FunctionalInterface
public interface ItemHandler<T> {
    void handle(T item) throws Exception;
}
