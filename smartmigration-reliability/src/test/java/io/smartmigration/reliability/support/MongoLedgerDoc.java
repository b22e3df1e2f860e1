package io.smartmigration.reliability.support;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import java.util.List;
import java.util.Optional;
import org.bson.ByteBuf;
import org.bson.Document;
import org.bson.RawBsonDocument;

/** The Mongo ledger document as the tests see it: the parsed fields, or its exact bytes. */
public final class MongoLedgerDoc {

    public static final String COLLECTION = "smartmigration_ledger";
    public static final String NAME = "smartmigration";

    private final MongoClient client;
    private final String database;

    public MongoLedgerDoc(MongoClient client, String database) {
        this.client = client;
        this.database = database;
    }

    public Optional<Document> read() {
        return Optional.ofNullable(collection().find(Filters.eq("_id", NAME)).first());
    }

    /** The document's BSON bytes, to prove that nothing was written. */
    public byte[] bytes() {
        RawBsonDocument raw = collection().withDocumentClass(RawBsonDocument.class).find(Filters.eq("_id", NAME)).first();
        if (raw == null) {
            return new byte[0];
        }
        ByteBuf buffer = raw.getByteBuffer();
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return bytes;
    }

    public Optional<String> currentVersion() {
        return read().map(d -> d.getString("currentVersion"));
    }

    public Optional<Document> lock() {
        return read().map(d -> d.get("lock", Document.class));
    }

    public Optional<Document> checkpoint() {
        return read().map(d -> d.get("checkpoint", Document.class));
    }

    /** {@code stepId:STATUS} per history entry, oldest first. */
    public List<String> history() {
        return read().map(d -> d.getList("history", Document.class).stream()
                .map(h -> h.getString("stepId") + ":" + h.getString("status")).toList()).orElse(List.of());
    }

    /** Empty when the ledger is at {@code version}, unlocked, with exactly {@code history}; else what it holds. */
    public Optional<String> unlessSettledAt(String version, List<String> history) {
        if (currentVersion().equals(Optional.of(version)) && lock().isEmpty() && history().equals(history)) {
            return Optional.empty();
        }
        return Optional.of("ledger " + read().map(Document::toJson).orElse("(none)"));
    }

    public void replace(Document document) {
        collection().deleteMany(Filters.eq("_id", NAME));
        collection().insertOne(document.append("_id", NAME));
    }

    private MongoCollection<Document> collection() {
        return client.getDatabase(database).getCollection(COLLECTION);
    }
}
