package io.smartmigration.internal.context;

import io.smartmigration.Checkpoint;
import io.smartmigration.ItemHandler;
import io.smartmigration.internal.LogText;
import io.smartmigration.internal.ledger.s3.S3Ledger;
import io.smartmigration.internal.lock.LeaseKeeper;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.slf4j.Logger;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The parallel walk over the keys under a prefix: ListObjectsV2 pages of 1000 with {@code startAfter}
 * (as {@link ObjectBatches}; one page in memory), the objects handed to a {@link ParallelWalk}; the
 * checkpoint key is the sequential walk's, {@code <walk key>:lastKey} holding the low-water key.
 *
 * <p>S3 cannot count keys without listing them, so for the time-left estimate a daemon thread lists the
 * rest of the prefix once, ahead of the walk (one request per 1000 keys, about a thousandth of the
 * walk's own requests when each object costs a write); until it is done the time left is unknown. Pages
 * are read by the walk's read-ahead thread, a page or two ahead.
 */
final class ParallelObjects {

    private static final int PAGE = 1000;

    private ParallelObjects() {
    }

    /**
     * @param walk         names this walk in the checkpoint (as for {@link ObjectBatches})
     * @param batchTimeout bounds each listing request, as for {@link ObjectBatches}
     */
    static long walk(S3Client s3, String bucket, String prefix, int parallelism, ItemHandler<S3Object> handler,
                     Checkpoint checkpoint, WalkKey walk, Duration batchTimeout, String stepId, Logger log,
                     LeaseKeeper keeper) {
        ParallelWalk.requireParallelism(parallelism);
        if (Walks.alreadyDone(checkpoint, walk, log)) {
            return 0;
        }
        String key = walk.key("lastKey");
        String lastKey = walk.get(checkpoint, "lastKey").orElse(null);
        if (lastKey != null) {
            log.info("resuming {} after key {} with {} workers", walk.describe(), LogText.value(lastKey), parallelism);
        }
        Lister lister = new Lister(s3, bucket, prefix, batchTimeout);
        try (ParallelWalk.Count total = ParallelWalk.countInBackground(stepId, () -> count(lister, lastKey), log)) {
            ProgressLog progress = new ProgressLog(log, "objects under '" + LogText.value(prefix) + "'", total.total()::get);
            new ParallelWalk<S3Object>(stepId, parallelism, checkpoint, key, S3Object::key, String.class::cast, handler,
                    progress, keeper::stopRequested).run(new Pages(lister, lastKey, keeper));
            return Walks.finished(checkpoint, walk, progress);
        }
    }

    /** One ListObjectsV2 page of the prefix after a key, each request bounded as in the sequential walk. */
    private record Lister(S3Client s3, String bucket, String prefix, Duration timeout) {
        ListObjectsV2Response page(String after) {
            ListObjectsV2Request.Builder request = ListObjectsV2Request.builder().bucket(bucket).prefix(prefix).maxKeys(PAGE)
                    .overrideConfiguration(AwsRequestOverrideConfiguration.builder().apiCallTimeout(timeout).build());
            if (after != null) {
                request.startAfter(after);
            }
            return s3.listObjectsV2(request.build());
        }
    }

    private static boolean isLedger(S3Object object) {
        return object.key().startsWith(S3Ledger.KEY_PREFIX);
    }

    private static long count(Lister lister, String after) {
        long n = 0;
        String last = after;
        while (!Thread.currentThread().isInterrupted()) {
            ListObjectsV2Response page = lister.page(last);
            n += page.contents().stream().filter(o -> !isLedger(o)).count();
            if (page.contents().isEmpty() || !Boolean.TRUE.equals(page.isTruncated())) {
                return n;
            }
            last = page.contents().get(page.contents().size() - 1).key();
        }
        return -1;   // the walk ended first
    }

    /** The objects under the prefix, page by page; the ledger's own objects are skipped. */
    private static final class Pages implements Iterator<List<S3Object>> {
        private final Lister lister;
        private final LeaseKeeper keeper;
        private String lastKey;
        private boolean more = true;

        Pages(Lister lister, String after, LeaseKeeper keeper) {
            this.lister = lister;
            this.lastKey = after;
            this.keeper = keeper;
        }

        @Override
        public boolean hasNext() {
            return more;
        }

        /** The next page; empty when it held only the ledger's objects, or nothing. */
        @Override
        public List<S3Object> next() {
            if (!more) {
                throw new NoSuchElementException();
            }
            // the lock guard, once per page as in the sequential walk: reads cannot harm the data
            keeper.guard("read the next batch of", "objects under '" + lister.prefix() + "'");
            ListObjectsV2Response response = lister.page(lastKey);
            more = !response.contents().isEmpty() && Boolean.TRUE.equals(response.isTruncated());
            if (!response.contents().isEmpty()) {
                lastKey = response.contents().get(response.contents().size() - 1).key();
            }
            return response.contents().stream().filter(o -> !isLedger(o)).toList();
        }
    }
}
