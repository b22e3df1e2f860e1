package io.smartmigration.internal.context;

import io.smartmigration.BatchHandler;
import io.smartmigration.Checkpoint;
import io.smartmigration.ErrorCode;
import io.smartmigration.SmartMigrationException;
import io.smartmigration.internal.LogText;
import io.smartmigration.internal.lock.LeaseKeeper;
import io.smartmigration.internal.ledger.s3.S3Ledger;
import java.time.Duration;
import java.util.List;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import org.slf4j.Logger;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Walks the keys under a prefix with ListObjectsV2 and {@code startAfter}, one page per batch,
 * so only one batch of keys is ever in memory and a restart continues after the checkpointed key.
 */
final class ObjectBatches {

    private ObjectBatches() {
    }

    /**
     * @param walk         names this walk in the checkpoint
     * @param batchTimeout bounds each page's request (the SDK's {@code apiCallTimeout}, retries included), whatever
     *                     the application's client says: the lease
     */
    static long walk(S3Client s3, String bucket, String prefix, int batchSize, BatchHandler<S3Object> handler,
                     Checkpoint checkpoint, WalkKey walk, Duration batchTimeout, Logger log, LeaseKeeper keeper) {
        if (batchSize <= 0 || batchSize > 1000) {
            throw new SmartMigrationException(ErrorCode.INVALID_CONFIG,
                    "batchSize is " + batchSize + ": S3 lists at most 1000 keys a page; use 1 to 1000");
        }
        if (walk.done(checkpoint)) {
            log.info("{} was walked to its end before the restart; skipping it", walk.describe());
            return 0;
        }
        String key = walk.key("lastKey");
        String lastKey = walk.get(checkpoint, "lastKey").orElse(null);
        if (lastKey != null) {
            log.info("resuming {} after key {}", walk.describe(), LogText.value(lastKey));
        }
        ProgressLog progress = new ProgressLog(log, "objects under '" + LogText.value(prefix) + "'");
        while (true) {
            BatchBoundary.check(keeper, "objects under '" + prefix + "'");
            ListObjectsV2Request.Builder request = ListObjectsV2Request.builder().bucket(bucket).prefix(prefix)
                    .maxKeys(batchSize)
                    .overrideConfiguration(AwsRequestOverrideConfiguration.builder().apiCallTimeout(batchTimeout).build());
            if (lastKey != null) {
                request.startAfter(lastKey);
            }
            ListObjectsV2Response page = s3.listObjectsV2(request.build());
            List<S3Object> batch = page.contents().stream()
                    .filter(o -> !o.key().startsWith(S3Ledger.KEY_PREFIX))
                    .toList();
            if (page.contents().isEmpty()) {
                return Walks.finished(checkpoint, walk, progress);
            }
            if (!batch.isEmpty()) {
                try {
                    handler.handle(batch);
                } catch (RuntimeException | Error e) {
                    throw e;
                } catch (Exception e) {
                    throw new BatchFailed(e);
                }
            }
            lastKey = page.contents().get(page.contents().size() - 1).key();
            checkpoint.put(key, lastKey);
            progress.batchDone(batch.size(), lastKey);
            if (!Boolean.TRUE.equals(page.isTruncated())) {
                return Walks.finished(checkpoint, walk, progress);
            }
        }
    }
}
