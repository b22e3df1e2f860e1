package io.smartmigration.internal.index;

import com.mongodb.MongoException;
import com.mongodb.MongoWriteException;
import com.mongodb.WriteConcern;
import com.mongodb.client.MongoDatabase;
import io.smartmigration.ErrorCode;
import io.smartmigration.SmartMigrationException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.bson.BsonArray;
import org.bson.BsonBoolean;
import org.bson.BsonDocument;
import org.bson.BsonNumber;
import org.bson.BsonString;
import org.bson.BsonValue;
import org.bson.Document;

/**
 * Creates the declared indexes that do not exist yet, after checking every declaration against
 * the indexes the collections have: an index whose name exists with another definition is an
 * {@link ErrorCode#INDEX_CONFLICT} naming both, raised before anything is created; nothing is ever
 * dropped or changed. One {@code listIndexes} per collection, one {@code createIndexes} per
 * collection with missing indexes (majority write concern); {@code createIndexes} returns when
 * the build is done, so the steps that follow can rely on the index.
 */
public final class IndexEnsurer {

    /** Options compared whether declared or not: absent means false (flags) or none. */
    private static final Set<String> FLAGS = Set.of("unique", "sparse", "hidden");
    private static final Set<String> ALWAYS_COMPARED = Set.of("expireAfterSeconds", "partialFilterExpression");
    /** MongoDB error codes that mean "an index conflicts with this one" rather than "the server failed". */
    private static final Set<Integer> CONFLICT_CODES = Set.of(85, 86, 11000, 67);

    private IndexEnsurer() {
    }

    /** @return the descriptions of the indexes created now (those that already existed are not listed) */
    public static List<String> ensure(MongoDatabase database, List<IndexDeclaration> declarations) {
        MongoDatabase db = database.withWriteConcern(WriteConcern.MAJORITY);
        Map<String, List<IndexDeclaration>> byCollection = new LinkedHashMap<>();
        declarations.forEach(d -> byCollection.computeIfAbsent(d.collection(), c -> new ArrayList<>()).add(d));
        Map<String, List<IndexDeclaration>> missing = new LinkedHashMap<>();
        for (Map.Entry<String, List<IndexDeclaration>> collection : byCollection.entrySet()) {
            List<Document> existing = call(db, false, "list the indexes of " + collection.getKey(),
                    () -> db.getCollection(collection.getKey()).listIndexes().into(new ArrayList<>()));
            for (IndexDeclaration declared : collection.getValue()) {
                Optional<Document> named = existing.stream().filter(i -> declared.name().equals(i.getString("name")))
                        .findFirst();
                if (named.isEmpty()) {
                    missing.computeIfAbsent(collection.getKey(), c -> new ArrayList<>()).add(declared);
                } else if (!sameIndex(declared.definition(), named.get().toBsonDocument())) {
                    throw conflict(database, declared, named.get());
                }
            }
        }
        List<String> created = new ArrayList<>();
        for (Map.Entry<String, List<IndexDeclaration>> collection : missing.entrySet()) {
            BsonArray specs = new BsonArray();
            collection.getValue().forEach(d -> specs.add(d.createSpec()));
            BsonDocument command = new BsonDocument("createIndexes", new BsonString(collection.getKey()))
                    .append("indexes", specs);
            try {
                call(db, true, "create the indexes " + names(collection.getValue()) + " on " + collection.getKey(),
                        () -> db.runCommand(command));
            } catch (Conflict e) {
                throw new SmartMigrationException(ErrorCode.INDEX_CONFLICT, "could not create the declared index(es) "
                        + describe(collection.getValue()) + " in " + database.getName() + ": the server refused: "
                        + e.getCause().getMessage() + ". Nothing was dropped and no step ran; resolve the conflict"
                        + " (for a unique index, the duplicates in the data), or change the declaration", e.getCause());
            }
            collection.getValue().forEach(d -> created.add(d.describe()));
        }
        return created;
    }

    private static SmartMigrationException conflict(MongoDatabase database, IndexDeclaration declared, Document existing) {
        Document shown = new Document(existing);
        shown.remove("v");
        shown.remove("ns");
        return new SmartMigrationException(ErrorCode.INDEX_CONFLICT, "the index '" + declared.name() + "' on "
                + database.getName() + "." + declared.collection() + " is declared as " + declared.definitionJson()
                + ", but the collection already has an index of that name defined as " + shown.toJson()
                + ". Nothing was dropped or created and no step ran. Give the declaration another name"
                + " (IndexOptions.name(...)), declare the existing definition, or drop the existing index yourself");
    }

    /** Whether an existing index (as listIndexes shows it) is the declared one. */
    static boolean sameIndex(BsonDocument declared, BsonDocument existing) {
        if (!same(declared.get("key"), existing.get("key"))) {
            return false;
        }
        for (String flag : FLAGS) {
            if (truthy(declared.get(flag)) != truthy(existing.get(flag))) {
                return false;
            }
        }
        for (String option : ALWAYS_COMPARED) {
            if (!same(declared.get(option), existing.get(option))) {
                return false;
            }
        }
        for (Map.Entry<String, BsonValue> option : declared.entrySet()) {
            String name = option.getKey();
            if (name.equals("key") || FLAGS.contains(name) || ALWAYS_COMPARED.contains(name)) {
                continue;
            }
            // the server fills in defaults (a collation's every field, text index weights): the declared part must match
            if (!contains(existing.get(name), option.getValue())) {
                return false;
            }
        }
        return true;
    }

    private static boolean truthy(BsonValue value) {
        return value != null && (value instanceof BsonBoolean b ? b.getValue()
                : value instanceof BsonNumber n && n.doubleValue() != 0);
    }

    /** Equal, with numbers compared by value (1, 1L and 1.0 are one key direction) and documents in order. */
    private static boolean same(BsonValue a, BsonValue b) {
        if (a == null || b == null) {
            return a == b;
        }
        if (a instanceof BsonNumber x && b instanceof BsonNumber y) {
            return x.doubleValue() == y.doubleValue();
        }
        if (a instanceof BsonDocument x && b instanceof BsonDocument y) {
            if (!new ArrayList<>(x.keySet()).equals(new ArrayList<>(y.keySet()))) {
                return false;
            }
            return x.keySet().stream().allMatch(k -> same(x.get(k), y.get(k)));
        }
        if (a instanceof BsonArray x && b instanceof BsonArray y) {
            if (x.size() != y.size()) {
                return false;
            }
            for (int i = 0; i < x.size(); i++) {
                if (!same(x.get(i), y.get(i))) {
                    return false;
                }
            }
            return true;
        }
        return a.equals(b);
    }

    private static boolean contains(BsonValue existing, BsonValue declared) {
        if (existing instanceof BsonDocument e && declared instanceof BsonDocument d) {
            return d.keySet().stream().allMatch(k -> contains(e.get(k), d.get(k)));
        }
        return same(existing, declared);
    }

    private static String names(List<IndexDeclaration> declarations) {
        return declarations.stream().map(IndexDeclaration::name).toList().toString();
    }

    private static String describe(List<IndexDeclaration> declarations) {
        return String.join(", ", declarations.stream().map(IndexDeclaration::describe).toList());
    }

    /** A server answer that means "conflicts with an existing index or with the data". */
    private static final class Conflict extends RuntimeException {
        Conflict(MongoException cause) {
            super(cause.getMessage(), cause, false, false);
        }
    }

    /** @param conflicts whether a conflict answer is a {@link Conflict} (for creates) rather than a failure */
    private static <T> T call(MongoDatabase db, boolean conflicts, String what, java.util.function.Supplier<T> operation) {
        try {
            return operation.get();
        } catch (MongoException e) {
            int code = e instanceof MongoWriteException w ? w.getError().getCode() : e.getCode();
            if (conflicts && CONFLICT_CODES.contains(code)) {
                throw new Conflict(e);
            }
            throw unavailable(db, what, e);
        }
    }

    private static SmartMigrationException unavailable(MongoDatabase db, String what, MongoException e) {
        return new SmartMigrationException(ErrorCode.LEDGER_UNAVAILABLE, "could not " + what + " in database '"
                + db.getName() + "' to ensure the declared indexes: " + e.getClass().getSimpleName() + ": " + e.getMessage()
                + ". Nothing was dropped and no step ran. Check that MongoDB is reachable and that the user may"
                + " listIndexes and createIndex", e);
    }
}
