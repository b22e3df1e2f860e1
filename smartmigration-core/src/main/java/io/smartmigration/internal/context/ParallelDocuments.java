package io.smartmigration.internal.context;

import com.mongodb.MongoCursorNotFoundException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoCursor;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import io.smartmigration.Checkpoint;
import io.smartmigration.ItemHandler;
import io.smartmigration.MigrationContext;
import java.util.Iterator;
import java.util.NoSuchElementException;
import org.bson.BsonValue;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.slf4j.Logger;

/**
 * The parallel walk over a collection: one cursor in ascending {@code _id} order (as
 * {@link DocumentBatches}), its documents handed to a {@link ParallelWalk}; the checkpoint key and
 * encoding are the sequential walk's, {@code <walk key>:lastId} holding the low-water {@code _id}.
 */
final class ParallelDocuments {

    private ParallelDocuments() {
    }

    static long walk(MongoCollection<Document> collection, Bson filter, int parallelism, ItemHandler<Document> handler,
                     Checkpoint checkpoint, String walkKey, String stepId, Logger log) {
        ParallelWalk.requireParallelism(parallelism);
        if (checkpoint.get(walkKey + Walks.DONE).isPresent()) {
            log.info("{} was walked to its end before the restart; skipping it", walkKey);
            return 0;
        }
        String key = walkKey + ":lastId";
        BsonValue lastId = checkpoint.get(key).map(json -> DocumentBatches.decode(json, key)).orElse(null);
        String name = collection.getNamespace().getCollectionName();
        if (lastId != null) {
            log.info("resuming {} after _id {} with {} workers", name, lastId, parallelism);
        }
        Bson range = lastId == null ? filter : Filters.and(filter, Filters.gt("_id", lastId));
        long total = collection.countDocuments(range);
        log.debug("{} documents of {} to walk with {} workers", total, name, parallelism);
        ProgressLog progress = new ProgressLog(log, "documents of " + name, () -> total);
        int cursorBatch = Math.min(1000, MigrationContext.parallelWindow(parallelism));
        ParallelWalk<Document> walk = new ParallelWalk<>(stepId, parallelism, checkpoint, key, d -> d.get("_id"),
                id -> DocumentBatches.encode(new Document("_id", id).toBsonDocument().get("_id")), handler, progress);
        try (Reader reader = new Reader(collection, filter, lastId, cursorBatch, log)) {
            walk.run(reader);
        }
        return Walks.finished(checkpoint, walkKey, progress);
    }

    /**
     * The documents in {@code _id} order from one cursor; a cursor the server dropped while the walk waited
     * for its workers (idle cursor timeout) is reopened once after the last {@code _id} handed out.
     */
    private static final class Reader implements Iterator<Document>, AutoCloseable {
        private final MongoCollection<Document> collection;
        private final Bson filter;
        private final int batchSize;
        private final Logger log;
        private Object lastId;
        private MongoCursor<Document> cursor;

        Reader(MongoCollection<Document> collection, Bson filter, BsonValue after, int batchSize, Logger log) {
            this.collection = collection;
            this.filter = filter;
            this.batchSize = batchSize;
            this.log = log;
            this.lastId = after;
            this.cursor = open();
        }

        private MongoCursor<Document> open() {
            Bson range = lastId == null ? filter : Filters.and(filter, Filters.gt("_id", lastId));
            return collection.find(range).sort(Sorts.ascending("_id")).batchSize(batchSize).iterator();
        }

        @Override
        public boolean hasNext() {
            try {
                return cursor.hasNext();
            } catch (MongoCursorNotFoundException e) {
                log.info("the server dropped the cursor over {} while the workers ran; reopening after _id {}",
                        collection.getNamespace().getCollectionName(), lastId);
                cursor.close();
                cursor = open();
                return cursor.hasNext();
            }
        }

        @Override
        public Document next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            Document next = cursor.next();
            lastId = next.get("_id");
            return next;
        }

        @Override
        public void close() {
            cursor.close();
        }
    }
}
