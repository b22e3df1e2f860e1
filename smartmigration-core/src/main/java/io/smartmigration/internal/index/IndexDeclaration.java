package io.smartmigration.internal.index;

import com.mongodb.MongoClientSettings;
import com.mongodb.client.model.IndexOptions;
import io.smartmigration.ErrorCode;
import io.smartmigration.SmartMigrationException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.bson.BsonBoolean;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonInt64;
import org.bson.BsonNumber;
import org.bson.BsonString;
import org.bson.BsonValue;
import org.bson.conversions.Bson;

/**
 * One index declared with {@code Builder.index(collection, keys, options)}, in canonical form: its
 * name (the given one, or the one MongoDB would generate), its key pattern, and the options that
 * make up its definition (defaults left out, {@code background} ignored: it changes nothing since
 * MongoDB 4.2). Two declarations with the same {@link #describe()} are the same index.
 *
 * @param definition {@code {key: ..., <options>}}, what listIndexes shows for such an index, minus
 *                   {@code v} and {@code name}
 */
public record IndexDeclaration(String collection, String name, BsonDocument key, BsonDocument definition) {

    /** What the application declared; converted by {@link #of} at {@code build()}. */
    public record Spec(String collection, Bson keys, IndexOptions options) {
    }

    /** The declarations of a builder, validated and canonical, duplicates removed. */
    public static List<IndexDeclaration> of(List<Spec> specs) {
        Map<String, IndexDeclaration> byName = new LinkedHashMap<>();
        for (int i = 0; i < specs.size(); i++) {
            IndexDeclaration declaration = of(specs.get(i), i + 1);
            IndexDeclaration earlier = byName.putIfAbsent(declaration.collection() + "." + declaration.name(), declaration);
            if (earlier != null && !earlier.equals(declaration)) {
                throw new SmartMigrationException(ErrorCode.INVALID_CONFIG, "two index declarations are named '"
                        + declaration.name() + "' on collection '" + declaration.collection() + "': "
                        + earlier.definitionJson() + " and " + declaration.definitionJson()
                        + ": give one of them another name with IndexOptions.name(...)");
            }
        }
        return List.copyOf(byName.values());
    }

    private static IndexDeclaration of(Spec spec, int position) {
        String where = "index declaration #" + position;
        if (spec.collection() == null || spec.collection().isBlank()) {
            throw new SmartMigrationException(ErrorCode.INVALID_CONFIG, where + " has " + (spec.collection() == null
                    ? "a null" : "a blank") + " collection name: pass it as .index(\"users\", Indexes.ascending(\"email\"), options)");
        }
        if (spec.keys() == null) {
            throw new SmartMigrationException(ErrorCode.INVALID_CONFIG, where + " on '" + spec.collection()
                    + "' has null keys: pass them as .index(\"" + spec.collection() + "\", Indexes.ascending(\"field\"), options)");
        }
        BsonDocument key;
        try {
            key = spec.keys().toBsonDocument(BsonDocument.class, MongoClientSettings.getDefaultCodecRegistry());
        } catch (RuntimeException e) {
            throw new SmartMigrationException(ErrorCode.INVALID_CONFIG, where + " on '" + spec.collection()
                    + "' has keys that cannot be encoded as BSON (" + e.getMessage() + "): build them with Indexes.*", e);
        }
        if (key.isEmpty()) {
            throw new SmartMigrationException(ErrorCode.INVALID_CONFIG, where + " on '" + spec.collection()
                    + "' has no key: name at least one field, for example Indexes.ascending(\"email\")");
        }
        IndexOptions options = spec.options() != null ? spec.options() : new IndexOptions();
        BsonDocument definition = new BsonDocument("key", key);
        definition.putAll(options(options));
        String name = options.getName() != null ? options.getName() : generatedName(key);
        return new IndexDeclaration(spec.collection(), name, key, definition);
    }

    /** The options as listIndexes shows them, defaults left out. */
    private static BsonDocument options(IndexOptions o) {
        BsonDocument d = new BsonDocument();
        if (o.isUnique()) {
            d.put("unique", BsonBoolean.TRUE);
        }
        if (o.isSparse()) {
            d.put("sparse", BsonBoolean.TRUE);
        }
        if (o.isHidden()) {
            d.put("hidden", BsonBoolean.TRUE);
        }
        Long ttl = o.getExpireAfter(TimeUnit.SECONDS);
        if (ttl != null) {
            d.put("expireAfterSeconds", new BsonInt64(ttl));
        }
        putDocument(d, "partialFilterExpression", o.getPartialFilterExpression());
        putDocument(d, "weights", o.getWeights());
        putDocument(d, "storageEngine", o.getStorageEngine());
        putDocument(d, "wildcardProjection", o.getWildcardProjection());
        if (o.getCollation() != null) {
            d.put("collation", o.getCollation().asDocument());
        }
        if (o.getDefaultLanguage() != null) {
            d.put("default_language", new BsonString(o.getDefaultLanguage()));
        }
        if (o.getLanguageOverride() != null) {
            d.put("language_override", new BsonString(o.getLanguageOverride()));
        }
        if (o.getTextVersion() != null) {
            d.put("textIndexVersion", new BsonInt32(o.getTextVersion()));
        }
        if (o.getSphereVersion() != null) {
            d.put("2dsphereIndexVersion", new BsonInt32(o.getSphereVersion()));
        }
        if (o.getBits() != null) {
            d.put("bits", new BsonInt32(o.getBits()));
        }
        if (o.getMin() != null) {
            d.put("min", new org.bson.BsonDouble(o.getMin()));
        }
        if (o.getMax() != null) {
            d.put("max", new org.bson.BsonDouble(o.getMax()));
        }
        return d;
    }

    private static void putDocument(BsonDocument d, String name, Bson value) {
        if (value != null) {
            d.put(name, value.toBsonDocument(BsonDocument.class, MongoClientSettings.getDefaultCodecRegistry()));
        }
    }

    /** The name MongoDB gives an index without one: {@code field_1_other_-1}, {@code body_text}. */
    static String generatedName(BsonDocument key) {
        List<String> parts = new ArrayList<>();
        for (Map.Entry<String, BsonValue> field : key.entrySet()) {
            BsonValue value = field.getValue();
            String kind = value instanceof BsonNumber n ? String.valueOf(n.intValue())
                    : value instanceof BsonString s ? s.getValue().replace(' ', '_') : "";
            parts.add(field.getKey() + "_" + kind);
        }
        return String.join("_", parts);
    }

    /** The index specification for the {@code createIndexes} command: the definition and the name. */
    public BsonDocument createSpec() {
        BsonDocument spec = definition.clone();
        spec.put("name", new BsonString(name));
        return spec;
    }

    /** {@code {"key": {"email": 1}, "unique": true}} */
    public String definitionJson() {
        return definition.toJson();
    }

    /** {@code users.email_1 {"key": {"email": 1}, "unique": true}}: what the ledger records as ensured. */
    public String describe() {
        return collection + "." + name + " " + definitionJson();
    }

    /** SHA-256 (hex) of the sorted descriptions: equal for equal sets of declarations, whatever their order. */
    public static String fingerprint(List<IndexDeclaration> declarations) {
        List<String> lines = new ArrayList<>(declarations.stream().map(IndexDeclaration::describe).toList());
        lines.sort(null);
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256")
                    .digest(String.join("\n", lines).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
