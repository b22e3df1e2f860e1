package io.smartmigration.test;

import io.smartmigration.test.internal.ServerKind;
import io.smartmigration.test.internal.Json;
import com.mongodb.ErrorCategory;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoDatabase;
import io.smartmigration.ErrorCode;
import io.smartmigration.SmartMigrationException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bson.BsonBinary;
import org.bson.BsonBinarySubType;
import org.bson.BsonDocument;
import org.bson.BsonValue;

/**
 * Writes a fixture's documents exactly as the fixture holds them (BSON, no codec in between), and
 * refuses, before writing anything, the values the embedded MongoDB cannot store faithfully.
 */
final class Seeding {

    private Seeding() {
    }

    static void documents(Fixture fixture, MongoDatabase db, ServerKind kind) {
        Map<String, List<BsonDocument>> collections = fixture.bsonCollections();
        if (kind == ServerKind.EMBEDDED) {
            collections.forEach((name, documents) -> documents.forEach(d -> refuseEmbeddedGaps(fixture, name, d)));
        }
        for (Map.Entry<String, List<BsonDocument>> collection : collections.entrySet()) {
            String name = collection.getKey();
            if (collection.getValue().isEmpty()) {
                if (!db.listCollectionNames().into(new java.util.ArrayList<>()).contains(name)) {
                    db.createCollection(name);
                }
                continue;
            }
            try {
                db.getCollection(name, BsonDocument.class).insertMany(collection.getValue());
            } catch (MongoBulkWriteException e) {
                if (e.getWriteErrors().stream().anyMatch(w -> ErrorCategory.fromErrorCode(w.getCode())
                        == ErrorCategory.DUPLICATE_KEY)) {
                    throw seededTwice(fixture, name, e);
                }
                throw e;
            } catch (MongoWriteException e) {
                if (e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
                    throw seededTwice(fixture, name, e);
                }
                throw e;
            }
        }
    }

    private static SmartMigrationException seededTwice(Fixture fixture, String collection, RuntimeException e) {
        return new SmartMigrationException(ErrorCode.INVALID_CONFIG, "seed(" + fixture.name() + "): collection "
                + collection + " already holds a document with one of the fixture's _ids (seeded twice, or seeded"
                + " over data a run wrote): call h.reset() before seeding again, or give the fixtures distinct _ids"
                + " (" + e.getMessage() + ")", e);
    }

    private static void refuseEmbeddedGaps(Fixture fixture, String collection, BsonDocument document) {
        Optional<String> gap = gap("", document);
        if (gap.isPresent()) {
            BsonValue id = document.get("_id");
            throw new SmartMigrationException(ErrorCode.INVALID_CONFIG, "seed(" + fixture.name() + "): collection "
                    + collection + ", document {_id: " + (id == null ? "none" : Json.relaxed(id)) + "}: " + gap.get()
                    + ", which the embedded MongoDB (mongo-java-server) does not store faithfully; nothing was seeded."
                    + " Run this test against a real MongoDB: @MigrationTest(backend = Backend.CONTAINERS) where a"
                    + " Docker engine runs, or an external server with -Dsmartmigration.test.mongo.uri=mongodb://...");
        }
    }

    /** The first value under {@code path} that the embedded server mangles, described. */
    private static Optional<String> gap(String path, BsonValue value) {
        if (value.isDocument()) {
            for (Map.Entry<String, BsonValue> field : value.asDocument().entrySet()) {
                Optional<String> inner = gap(path.isEmpty() ? field.getKey() : path + "." + field.getKey(), field.getValue());
                if (inner.isPresent()) {
                    return inner;
                }
            }
            return Optional.empty();
        }
        if (value.isArray()) {
            for (int i = 0; i < value.asArray().size(); i++) {
                Optional<String> inner = gap(path + "[" + i + "]", value.asArray().get(i));
                if (inner.isPresent()) {
                    return inner;
                }
            }
            return Optional.empty();
        }
        if (value.isSymbol()) {
            return Optional.of("field " + path + " is a $symbol (it breaks the embedded server's connection)");
        }
        if (value.isBinary()) {
            BsonBinary binary = value.asBinary();
            if (binary.getType() == BsonBinarySubType.MD5.getValue()) {
                return Optional.of("field " + path + " is a Binary of subtype 5 (MD5; it breaks the embedded server's"
                        + " connection)");
            }
            if ((binary.getType() & 0xff) >= 0x80) {
                return Optional.of("field " + path + " is a Binary of user-defined subtype 0x"
                        + Integer.toHexString(binary.getType() & 0xff) + " (the embedded server stores it as subtype 0)");
            }
        }
        return Optional.empty();
    }
}
