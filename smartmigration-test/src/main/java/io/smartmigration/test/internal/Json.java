package io.smartmigration.test.internal;

import com.mongodb.MongoClientSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.BsonDocumentReader;
import org.bson.BsonDocumentWriter;
import org.bson.BsonValue;
import org.bson.Document;
import org.bson.codecs.DecoderContext;
import org.bson.codecs.Codec;
import org.bson.codecs.EncoderContext;
import org.bson.json.JsonMode;
import org.bson.json.JsonWriterSettings;

/** Extended JSON conversions used by fixtures, snapshots and diffs. */
public final class Json {

    private static final JsonWriterSettings CANONICAL = JsonWriterSettings.builder().outputMode(JsonMode.EXTENDED).build();
    private static final JsonWriterSettings RELAXED = JsonWriterSettings.builder().outputMode(JsonMode.RELAXED).build();
    /** The driver's codecs, with UUIDs in the standard representation (binary subtype 4). */
    private static final Codec<Document> DOCUMENT_CODEC = org.bson.codecs.configuration.CodecRegistries
            .withUuidRepresentation(MongoClientSettings.getDefaultCodecRegistry(), org.bson.UuidRepresentation.STANDARD)
            .get(Document.class);

    private Json() {
    }

    /** A deep BSON copy of a driver document. */
    public static BsonDocument toBson(Document document) {
        BsonDocument out = new BsonDocument();
        DOCUMENT_CODEC.encode(new BsonDocumentWriter(out), document, EncoderContext.builder().build());
        return out;
    }

    /** A driver document decoded from BSON. */
    public static Document toDocument(BsonDocument bson) {
        return DOCUMENT_CODEC.decode(new BsonDocumentReader(bson), DecoderContext.builder().build());
    }

    /** Parses an Extended JSON array of documents; {@code where} names the source in messages. */
    public static List<BsonDocument> parseArray(String json, String where) {
        BsonArray array;
        try {
            array = BsonArray.parse(json);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(where + " is not an Extended JSON array of documents: " + e.getMessage(), e);
        }
        List<BsonDocument> documents = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            BsonValue value = array.get(i);
            if (!value.isDocument()) {
                throw new IllegalArgumentException(where + " element #" + (i + 1) + " is a " + value.getBsonType()
                        + ", not a document: write the collection as [{...}, {...}]");
            }
            documents.add(value.asDocument());
        }
        return documents;
    }

    /**
     * Canonical Extended JSON with the fields of every (sub)document sorted by name, but for the
     * top-level {@code _id}, kept as stored: MongoDB compares ids field by field in order.
     */
    public static String canonical(BsonDocument document) {
        return canonicalKeeping(document, "_id");
    }

    /** Canonical Extended JSON of an index specification: sorted fields, but its {@code key} in order (it is the index). */
    public static String canonicalIndex(BsonDocument spec) {
        return canonicalKeeping(spec, "key");
    }

    private static String canonicalKeeping(BsonDocument document, String asStored) {
        BsonDocument sorted = sorted(document);
        if (document.containsKey(asStored)) {
            sorted.put(asStored, document.get(asStored));
        }
        return sorted.toJson(CANONICAL);
    }

    /** Canonical Extended JSON of an {@code _id}, as stored (not sorted). */
    public static String canonicalId(BsonValue id) {
        return unwrap(new BsonDocument("v", id).toJson(CANONICAL));
    }

    /** Canonical Extended JSON of a value, wrapped as {@code {"v": ...}} and unwrapped. */
    public static String canonical(BsonValue value) {
        String json = new BsonDocument("v", sortedValue(value)).toJson(CANONICAL);
        return unwrap(json);
    }

    /** Relaxed Extended JSON of a value, for messages: {@code "active"}, {@code 3}, {@code {"a": 1}}. */
    public static String relaxed(BsonValue value) {
        return unwrap(new BsonDocument("v", value).toJson(RELAXED));
    }

    /** A copy with the fields of every (sub)document sorted by name. */
    public static BsonDocument sorted(BsonDocument document) {
        Map<String, BsonValue> fields = new TreeMap<>();
        document.forEach((k, v) -> fields.put(k, sortedValue(v)));
        BsonDocument copy = new BsonDocument();
        fields.forEach(copy::append);
        return copy;
    }

    private static BsonValue sortedValue(BsonValue value) {
        if (value.isDocument()) {
            return sorted(value.asDocument());
        }
        if (value.isArray()) {
            BsonArray copy = new BsonArray();
            value.asArray().forEach(v -> copy.add(sortedValue(v)));
            return copy;
        }
        return value;
    }

    private static String unwrap(String json) {
        // {"v": X} -> X
        int colon = json.indexOf(':');
        return json.substring(colon + 1, json.length() - 1).trim();
    }
}
