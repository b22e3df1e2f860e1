package io.smartmigration.test;

import io.smartmigration.ErrorCode;
import io.smartmigration.SmartMigrationException;
import io.smartmigration.test.internal.ContentTypes;
import io.smartmigration.test.internal.FixtureLoader;
import io.smartmigration.test.internal.Json;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.bson.BsonDocument;
import org.bson.Document;

/**
 * The data of an application at one data version: documents per collection and S3 objects. A
 * {@link MigrationHarness} {@linkplain MigrationHarness#seed(Fixture) seeds} it into the test's
 * database and bucket and stamps the ledger at {@link #version()}.
 *
 * <pre>{@code
 * Fixture inCode = Fixture.at("1.0.0")
 *     .documents("users", Document.parse("{_id: 1, name: 'a'}"), Document.parse("{_id: 2, name: 'b'}"))
 *     .object("avatars/1.png", pngBytes, "image/png");
 *
 * Fixture fromFiles = Fixture.load("fixtures/1.0.0");   // a classpath folder, see load()
 * }</pre>
 *
 * <p>Fixtures are immutable: every method returns a new fixture. They are exact: a document
 * without {@code _id} gets one when it is added or loaded, derived from its collection and position
 * (so every seed of the fixture, and every load of the same folder, writes the same ids); UUIDs
 * are stored in the standard representation (binary subtype 4).
 */
public final class Fixture {

    private final String name;
    private final String version;
    private final Map<String, List<BsonDocument>> collections;
    private final Map<String, FixtureObject> objects;

    private Fixture(String name, String version, Map<String, List<BsonDocument>> collections,
                    Map<String, FixtureObject> objects) {
        this.name = name;
        this.version = version;
        this.collections = collections;
        this.objects = objects;
    }

    /** An empty fixture at {@code version} (strict SemVer 2.0.0), named {@code "fixture " + version}. */
    public static Fixture at(String version) {
        return new Fixture("fixture " + version, requireVersion(version, "Fixture.at(\"" + version + "\")"),
                new LinkedHashMap<>(), new TreeMap<>());
    }

    /**
     * Loads a fixture from a classpath folder (in a directory or a jar), named after the folder:
     * <ul>
     *   <li>{@code version}: a text file holding the data version, for example {@code 1.0.0};</li>
     *   <li>{@code mongo/<collection>.json}: an Extended JSON array of the collection's documents
     *       ({@code [{"_id": 1, "name": "a"}, {"_id": {"$oid": "..."}}]});</li>
     *   <li>{@code s3/<key path>}: one file per object, its path below {@code s3/} as the key; the
     *       content type is guessed from the extension ({@code .png} is {@code image/png},
     *       {@code .json} is {@code application/json}, unknown ones {@code application/octet-stream}).</li>
     * </ul>
     *
     * @throws SmartMigrationException INVALID_CONFIG when the folder, the version file or a file is
     *                                 missing or malformed (the message names the file)
     */
    public static Fixture load(String classpathFolder) {
        FixtureLoader.Loaded loaded = FixtureLoader.read(classpathFolder);
        String where = "the version file of fixture '" + loaded.name() + "'";
        Fixture fixture = new Fixture(loaded.name(), requireVersion(loaded.version(), where), new LinkedHashMap<>(),
                new TreeMap<>());
        for (Map.Entry<String, List<BsonDocument>> e : loaded.collections().entrySet()) {
            requireCollectionName(e.getKey());
            fixture = fixture.withDocuments(e.getKey(), e.getValue());
        }
        for (FixtureLoader.LoadedObject o : loaded.objects()) {
            fixture = fixture.object(o.key(), o.content(), o.contentType());
        }
        return fixture;
    }

    /** This fixture under another name (used in messages and dynamic test names). */
    public Fixture named(String newName) {
        return new Fixture(Objects.requireNonNull(newName, "name"), version, collections, objects);
    }

    /** This fixture with these documents appended to {@code collection} (which is created even with no document). */
    public Fixture documents(String collection, Document... documents) {
        return documents(collection, Arrays.asList(documents));
    }

    /** This fixture with these documents appended to {@code collection}. */
    public Fixture documents(String collection, List<Document> documents) {
        requireCollectionName(collection);
        List<BsonDocument> converted = new ArrayList<>();
        for (Document document : documents) {
            converted.add(Json.toBson(Objects.requireNonNull(document, "document")));
        }
        return withDocuments(collection, converted);
    }

    private Fixture withDocuments(String collection, List<BsonDocument> documents) {
        Map<String, List<BsonDocument>> copy = new LinkedHashMap<>(collections);
        List<BsonDocument> list = new ArrayList<>(copy.getOrDefault(collection, List.of()));
        for (BsonDocument d : documents) {
            BsonDocument added = d.clone();
            if (!added.containsKey("_id")) {
                // _id first, as the server would put it; stable: the same collection and position give the same id
                BsonDocument withId = new BsonDocument("_id", new org.bson.BsonObjectId(stableId(collection, list.size())));
                withId.putAll(added);
                added = withId;
            }
            list.add(added);
        }
        copy.put(collection, List.copyOf(list));
        return new Fixture(name, version, copy, objects);
    }

    /** This fixture with an object of the given content type. */
    public Fixture object(String key, byte[] content, String contentType) {
        return object(key, content, contentType, Map.of());
    }

    /** This fixture with an object of the given content type and user metadata. */
    public Fixture object(String key, byte[] content, String contentType, Map<String, String> metadata) {
        requireKey(key);
        Map<String, FixtureObject> copy = new TreeMap<>(objects);
        copy.put(key, new FixtureObject(key, content, contentType, metadata));
        return new Fixture(name, version, collections, copy);
    }

    /** This fixture with a UTF-8 text object, its content type guessed from the key's extension. */
    public Fixture object(String key, String text) {
        return object(key, text.getBytes(StandardCharsets.UTF_8), ContentTypes.guess(key));
    }

    /** The name shown in messages: the folder for loaded fixtures, {@code "fixture <version>"} otherwise. */
    public String name() {
        return name;
    }

    /** The data version the ledger is stamped at when this fixture is seeded. */
    public String version() {
        return version;
    }

    /** The collections and their documents (copies), in the order they were added. */
    public Map<String, List<Document>> collections() {
        Map<String, List<Document>> copy = new LinkedHashMap<>();
        collections.forEach((collection, docs) -> copy.put(collection, docs.stream().map(Json::toDocument).toList()));
        return Collections.unmodifiableMap(copy);
    }

    /** The documents exactly as they are seeded (copies), by collection, in the order they were added. */
    public Map<String, List<BsonDocument>> bsonCollections() {
        Map<String, List<BsonDocument>> copy = new LinkedHashMap<>();
        collections.forEach((collection, docs) -> copy.put(collection, docs.stream().map(BsonDocument::clone).toList()));
        return Collections.unmodifiableMap(copy);
    }

    /** The id given to the {@code index}-th document of {@code collection} when it has none. */
    private static org.bson.types.ObjectId stableId(String collection, int index) {
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
                    .digest((collection + "#" + index).getBytes(StandardCharsets.UTF_8));
            return new org.bson.types.ObjectId(Arrays.copyOf(digest, 12));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
    }

    /** The objects, in key order. */
    public List<FixtureObject> objects() {
        return List.copyOf(objects.values());
    }

    /** Whether the fixture holds no collection and no object. */
    public boolean isEmpty() {
        return collections.isEmpty() && objects.isEmpty();
    }

    @Override
    public String toString() {
        return name + " (version " + version + ", " + collections.size() + " collection(s), " + objects.size()
                + " object(s))";
    }

    /**
     * One S3 object of a fixture.
     *
     * @param metadata user metadata ({@code x-amz-meta-*}), keys in lower case
     */
    public record FixtureObject(String key, byte[] content, String contentType, Map<String, String> metadata) {

        public FixtureObject {
            requireKey(key);
            content = Objects.requireNonNull(content, "content").clone();
            Objects.requireNonNull(contentType, "contentType");
            metadata = Map.copyOf(metadata);
        }

        /** A copy of the content. */
        @Override
        public byte[] content() {
            return content.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof FixtureObject other && key.equals(other.key) && Arrays.equals(content, other.content)
                    && contentType.equals(other.contentType) && metadata.equals(other.metadata);
        }

        @Override
        public int hashCode() {
            return Objects.hash(key, Arrays.hashCode(content), contentType, metadata);
        }

        @Override
        public String toString() {
            return "FixtureObject[" + key + ", " + content.length + " bytes, " + contentType + ", metadata=" + metadata + "]";
        }
    }

    private static String requireVersion(String version, String where) {
        if (!io.smartmigration.DataVersions.isValid(version)) {
            throw new SmartMigrationException(ErrorCode.INVALID_VERSION, where + ": '" + version
                    + "' is not a strict SemVer 2.0.0 version: use MAJOR.MINOR.PATCH, for example '1.0.0'");
        }
        return version;
    }

    private static void requireCollectionName(String collection) {
        if (collection == null || collection.isBlank() || collection.startsWith("system.")
                || collection.contains("$") || collection.equals("smartmigration_ledger")) {
            throw new SmartMigrationException(ErrorCode.INVALID_CONFIG, "collection name '" + collection
                    + "' cannot be seeded: use a plain collection name (not blank, no '$', not system.* and not the"
                    + " ledger's smartmigration_ledger; seed the ledger with the fixture's version instead)");
        }
    }

    private static void requireKey(String key) {
        if (key == null || key.isEmpty() || key.startsWith(".smartmigration/")) {
            throw new SmartMigrationException(ErrorCode.INVALID_CONFIG, "object key '" + key
                    + "' cannot be seeded: use a non-empty key outside .smartmigration/ (the S3 ledger's prefix)");
        }
    }
}
