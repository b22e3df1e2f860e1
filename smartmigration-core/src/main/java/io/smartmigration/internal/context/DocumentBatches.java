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
     * @param walkKey names this walk in the checkpoint ({@code documents:<collection>}, with {@code #n} for the
     *                n-th walk over the same collection in one step)
     */
    static long walk(MongoCollection<Document> collection, Bson filter, int batchSize, BatchHandler<Document> handler,
                     Checkpoint checkpoint, String walkKey, Logger log) {
        if (batchSize <= 0) {
            throw new SmartMigrationException(ErrorCode.INVALID_CONFIG,
                    "batchSize is " + batchSize + ": use a positive batch size, for example 500");
        }
        if (checkpoint.get(walkKey + Walks.DONE).isPresent()) {
            log.info("{} was walked to its end before the restart; skipping it", walkKey);
            return 0;
        }
        String key = walkKey + ":lastId";
        BsonValue lastId = checkpoint.get(key).map(json -> decode(json, key)).orElse(null);
        if (lastId != null) {
            log.info("resuming {} after _id {}", collection.getNamespace().getCollectionName(), new ShownId(lastId));
        }
        ProgressLog progress = new ProgressLog(log, "documents of " + collection.getNamespace().getCollectionName());
        boolean reopened = false;
        while (true) {
            Bson range = lastId == null ? filter : Filters.and(filter, Filters.gt("_id", lastId));
            try (MongoCursor<Document> cursor = collection.find(range).sort(Sorts.ascending("_id"))
                    .batchSize(batchSize).iterator()) {
                while (true) {
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
                                collection.getNamespace().getCollectionName(), new ShownId(lastId));
                        break;
                    }
                    if (batch.isEmpty()) {
                        return Walks.finished(checkpoint, walkKey, progress);
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
                        return Walks.finished(checkpoint, walkKey, progress);
                    }
                }
            }
        }
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

    private static String encode(BsonValue id) {
        return new BsonDocument("v", id).toJson();
    }

    private static BsonValue decode(String json, String key) {
        BsonValue id = null;
        try {
            id = BsonDocument.parse(json).get("v");
        } catch (RuntimeException e) {
            // not JSON: reported below
        }
        if (id == null) {
            throw new SmartMigrationException(ErrorCode.LEDGER_CORRUPT, "the ledger's checkpoint holds \"" + json
                    + "\" under " + key + ", which is not a position this iterator wrote ({\"v\": <last _id>}). Nothing"
                    + " was processed; fix that value, or remove the ledger's checkpoint to run the step from its start");
        }
        return id;
    }
}
