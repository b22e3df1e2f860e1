package io.smartmigration.internal.context;

import com.mongodb.MongoCursorNotFoundException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoCursor;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import io.smartmigration.BatchHandler;
import io.smartmigration.Checkpoint;
import io.smartmigration.ErrorCode;
import io.smartmigration.SmartMigrationException;
import io.smartmigration.internal.LogText;
import io.smartmigration.internal.ledger.mongo.MongoTimeouts;
import io.smartmigration.internal.lock.LeaseKeeper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.bson.BsonDocument;
import org.bson.BsonValue;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.slf4j.Logger;

/**
 * Walks a collection in ascending {@code _id} order with one cursor ({@code _id > checkpoint},
 * sorted on {@code _id}, one batch per server round trip), checkpointing the last {@code _id} of
 * each finished batch, so a restart continues after it.
 *
 * <p>One cursor rather than one {@code _id > last} query per batch: MongoDB answers both from the
 * {@code _id} index, but a server without range scans on it (the embedded mongo-java-server
 * scans and sorts the rest of the collection for each query) would make a walk quadratic in the
 * collection's size. A cursor the server dropped while a slow handler held it (idle cursor
 * timeout) is reopened after the last checkpointed {@code _id}.
 */
final class DocumentBatches {

    private DocumentBatches() {
    }

    /**
     * @param walk         names this walk in the checkpoint
     * @param batchTimeout bounds each batch read (and the cursor's close) with the driver's client-side timeout,
     *                     whatever the application's client says: the lease, so a server that stopped answering
     *                     fails the step within about one lease
     */
    static long walk(MongoCollection<Document> collection, Bson filter, int batchSize, BatchHandler<Document> handler,
                     Checkpoint checkpoint, WalkKey walk, Duration batchTimeout, Logger log, LeaseKeeper keeper) {
        if (batchSize <= 0) {
            throw new SmartMigrationException(ErrorCode.INVALID_CONFIG,
                    "batchSize is " + batchSize + ": use a positive batch size, for example 500");
        }
        if (walk.done(checkpoint)) {
            log.info("{} was walked to its end before the restart; skipping it", walk.describe());
            return 0;
        }
        String key = walk.key("lastId");
        BsonValue lastId = walk.keyHolding(checkpoint, "lastId")
                .map(found -> decode(checkpoint.get(found).orElseThrow(), found)).orElse(null);
        if (lastId != null) {
            log.info("resuming {} after _id {}", walk.describe(), LogText.value(new ShownId(lastId)));
        }
        ProgressLog progress = new ProgressLog(log, "documents of "
                + LogText.value(collection.getNamespace().getCollectionName()));
        boolean reopened = false;
        while (true) {
            Bson range = lastId == null ? filter : Filters.and(filter, Filters.gt("_id", lastId));
            MongoCursor<Document> cursor = MongoTimeouts.perBatch(MongoTimeouts.bounded(collection,
                    batchTimeout.toMillis()).find(range).sort(Sorts.ascending("_id")).batchSize(batchSize)).iterator();
            try {
                while (true) {
                    BatchBoundary.check(keeper, "documents of " + collection.getNamespace().getCollectionName());
                    List<Document> batch = new ArrayList<>(batchSize);
                    try {
                        while (batch.size() < batchSize && cursor.hasNext()) {
                            batch.add(cursor.next());
                        }
                    } catch (MongoCursorNotFoundException e) {
                        if (reopened) {
                            throw e;
                        }
                        reopened = true; // a partial batch is dropped and read again
                        log.info("the server dropped the cursor over {} while the handler ran; reopening after _id {}",
                                LogText.value(collection.getNamespace().getCollectionName()),
                                LogText.value(new ShownId(lastId)));
                        break;
                    }
                    if (batch.isEmpty()) {
                        return Walks.finished(checkpoint, walk, progress);
                    }
                    reopened = false;
                    try {
                        handler.handle(List.copyOf(batch));
                    } catch (RuntimeException | Error e) {
                        throw e;
                    } catch (Exception e) {
                        throw new BatchFailed(e);
                    }
                    lastId = batch.get(batch.size() - 1).toBsonDocument().get("_id");
                    checkpoint.put(key, encode(lastId));
                    progress.batchDone(batch.size(), new ShownId(lastId));
                    if (batch.size() < batchSize) {
                        return Walks.finished(checkpoint, walk, progress);
                    }
                }
            } catch (RuntimeException | Error e) {
                // the step fails: closing the cursor (a killCursors round trip, bounded by the batch timeout)
                // must not hold the failure up when the server has stopped answering; the server drops the
                // cursor on its own after its idle timeout anyway
                closeInBackground(cursor);
                cursor = null;
                throw e;
            } finally {
                if (cursor != null) {
                    cursor.close();
                }
            }
        }
    }

    private static void closeInBackground(MongoCursor<Document> cursor) {
        Thread closer = new Thread(() -> {
            try {
                cursor.close();
            } catch (RuntimeException ignored) {
                // the server is gone or the client closed: nothing to release here
            }
        }, "smartmigration-cursor-close");
        closer.setDaemon(true);
        closer.start();
    }

    /** An {@code _id} in log lines as the user writes it, in Extended JSON: {@code "c2"}, {@code 42}, {@code {"$oid": ...}}. */
    record ShownId(BsonValue id) {
        @Override
        public String toString() {
            if (id == null) {
                return "(none)";
            }
            String json = encode(id);   // {"v": <id>}
            return json.substring(json.indexOf(':') + 1, json.length() - 1).strip();
        }
    }

    static String encode(BsonValue id) {
        return new BsonDocument("v", id).toJson();
    }

    static BsonValue decode(String json, String key) {
        BsonValue id = null;
        try {
            id = BsonDocument.parse(json).get("v");
        } catch (RuntimeException e) {
            // not JSON: reported below
        }
        if (id == null) {
            throw new SmartMigrationException(ErrorCode.LEDGER_CORRUPT, "the ledger's checkpoint holds \""
                    + LogText.value(json) + "\" under " + LogText.value(key) + ", which is not a position this iterator wrote ({\"v\": <last _id>}). Nothing"
                    + " was processed; fix that value, or remove the ledger's checkpoint to run the step from its start");
        }
        return id;
    }
}
