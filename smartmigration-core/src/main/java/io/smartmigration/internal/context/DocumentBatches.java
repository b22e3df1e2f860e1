package io.smartmigration.internal.context;

import com.mongodb.client.MongoCollection;
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
 * Walks a collection in ascending {@code _id} order by ranges ({@code _id > last}), so each batch
 * is one indexed query and a restart continues after the last checkpointed {@code _id}.
 */
final class DocumentBatches {

    private DocumentBatches() {
    }

    static long walk(MongoCollection<Document> collection, Bson filter, int batchSize, BatchHandler<Document> handler,
                     Checkpoint checkpoint, Logger log) {
        if (batchSize <= 0) {
            throw new SmartMigrationException(ErrorCode.INVALID_CONFIG,
                    "batchSize is " + batchSize + ": use a positive batch size, for example 500");
        }
        String key = "documents:" + collection.getNamespace().getCollectionName() + ":lastId";
        BsonValue lastId = checkpoint.get(key).map(json -> decode(json, key)).orElse(null);
        if (lastId != null) {
            log.info("resuming {} after _id {}", collection.getNamespace().getCollectionName(), lastId);
        }
        ProgressLog progress = new ProgressLog(log, "documents of " + collection.getNamespace().getCollectionName());
        while (true) {
            Bson range = lastId == null ? filter : Filters.and(filter, Filters.gt("_id", lastId));
            List<Document> batch = collection.find(range).sort(Sorts.ascending("_id")).limit(batchSize)
                    .into(new ArrayList<>(batchSize));
            if (batch.isEmpty()) {
                return progress.items();
            }
            try {
                handler.handle(List.copyOf(batch));
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Exception e) {
                throw new BatchFailed(e);
            }
            lastId = batch.get(batch.size() - 1).toBsonDocument().get("_id");
            checkpoint.put(key, encode(lastId));
            progress.batchDone(batch.size(), lastId);
            if (batch.size() < batchSize) {
                return progress.items();
            }
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
