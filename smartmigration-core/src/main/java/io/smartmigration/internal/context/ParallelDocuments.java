package io.smartmigration.internal.context;

import com.mongodb.MongoCursorNotFoundException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoCursor;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import io.smartmigration.Checkpoint;
import io.smartmigration.ItemHandler;
import io.smartmigration.MigrationContext;
import io.smartmigration.internal.LogText;
import io.smartmigration.internal.ledger.mongo.MongoTimeouts;
import io.smartmigration.internal.lock.LeaseKeeper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
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

    /**
     * @param walk         names this walk in the checkpoint (as for {@link DocumentBatches})
     * @param batchTimeout bounds each cursor batch read, as for {@link DocumentBatches}
     */
    static long walk(MongoCollection<Document> collection, Bson filter, int parallelism, ItemHandler<Document> handler,
                     Checkpoint checkpoint, WalkKey walk, Duration batchTimeout, String stepId, Logger log,
                     LeaseKeeper keeper) {
        ParallelWalk.requireParallelism(parallelism);
        if (Walks.alreadyDone(checkpoint, walk, log)) {
            return 0;
        }
        String key = walk.key("lastId");
        BsonValue lastId = walk.keyHolding(checkpoint, "lastId")
                .map(found -> DocumentBatches.decode(checkpoint.get(found).orElseThrow(), found)).orElse(null);
        String name = collection.getNamespace().getCollectionName();
        if (lastId != null) {
            log.info("resuming {} after _id {} with {} workers", walk.describe(), LogText.value(new DocumentBatches.ShownId(lastId)), parallelism);
        }
        MongoCollection<Document> bounded = MongoTimeouts.bounded(collection, batchTimeout.toMillis());
        Bson range = lastId == null ? filter : Filters.and(filter, Filters.gt("_id", lastId));
        int cursorBatch = Math.min(1000, MigrationContext.parallelWindow(parallelism));
        try (ParallelWalk.Count total = ParallelWalk.countInBackground(stepId, () -> bounded.countDocuments(range), log);
             Reader reader = new Reader(bounded, filter, lastId, cursorBatch, log, keeper)) {
            ProgressLog progress = new ProgressLog(log, "documents of " + LogText.value(name), total.total()::get);
            new ParallelWalk<>(stepId, parallelism, checkpoint, key, (Document d) -> d.get("_id"),
                    id -> DocumentBatches.encode(new Document("_id", id).toBsonDocument().get("_id")), handler, progress,
                    keeper::stopRequested)
                    .run(reader);
            return Walks.finished(checkpoint, walk, progress);
        }
    }

    /**
     * The documents in {@code _id} order from one cursor (read by the walk's read-ahead thread); a cursor the
     * server dropped (idle cursor timeout while the walk waited for its workers) is reopened after the last
     * {@code _id} read.
     */
    private static final class Reader implements Iterator<List<Document>>, AutoCloseable {
        private final MongoCollection<Document> collection;
        private final Bson filter;
        private final int batchSize;
        private final Logger log;
        private final LeaseKeeper keeper;
        private Object lastId;
        private MongoCursor<Document> cursor;

        Reader(MongoCollection<Document> collection, Bson filter, BsonValue after, int batchSize, Logger log,
               LeaseKeeper keeper) {
            this.collection = collection;
            this.filter = filter;
            this.batchSize = batchSize;
            this.log = log;
            this.keeper = keeper;
            this.lastId = after;
            this.cursor = open();
        }

        private MongoCursor<Document> open() {
            Bson range = lastId == null ? filter : Filters.and(filter, Filters.gt("_id", lastId));
            return MongoTimeouts.perBatch(collection.find(range).sort(Sorts.ascending("_id")).batchSize(batchSize))
                    .iterator();
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

        /** The documents of the cursor's current batch (what it holds without another round trip). */
        @Override
        public List<Document> next() {
            // the lock guard, once per batch as in the sequential walk: reads cannot harm the data
            keeper.guard("read the next batch of", "documents of " + collection.getNamespace().getCollectionName());
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            List<Document> chunk = new ArrayList<>(Math.max(1, cursor.available()));
            do {
                chunk.add(cursor.next());
            } while (chunk.size() < batchSize && cursor.available() > 0);
            lastId = chunk.get(chunk.size() - 1).get("_id");
            return chunk;
        }

        @Override
        public void close() {
            cursor.close();
        }
    }
}
