package io.smartmigration.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.client.MongoDatabase;
import io.smartmigration.ErrorCode;
import io.smartmigration.SmartMigrationException;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.bson.BsonBinary;
import org.bson.BsonBinarySubType;
import org.bson.BsonDocument;
import org.bson.BsonSymbol;
import org.bson.Document;
import org.bson.types.Binary;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

@MigrationTest
@DisplayName("Fixtures and snapshots are exact")
class ExactDataTest {

    @Test
    @DisplayName("documents without _id get ids when the fixture is built, the same on every seed and every build")
    void stableIds(MigrationHarness h, MongoDatabase db) {
        Fixture fixture = Fixture.at("1.0.0").documents("notes", new Document("text", "a"), new Document("text", "b"));

        h.seed(fixture);
        List<Object> first = db.getCollection("notes").find().map(d -> d.get("_id")).into(new java.util.ArrayList<>());
        h.reset();
        h.seed(Fixture.at("1.0.0").documents("notes", new Document("text", "a"), new Document("text", "b")));
        List<Object> second = db.getCollection("notes").find().map(d -> d.get("_id")).into(new java.util.ArrayList<>());

        assertThat(first).hasSize(2).doesNotHaveDuplicates().isEqualTo(second);
        assertThat(fixture.bsonCollections().get("notes").get(0).getFirstKey()).isEqualTo("_id");
    }

    @Test
    @DisplayName("fixtures loaded from files get the same ids for documents without one on every load")
    void stableIdsWhenLoaded() {
        assertThat(Fixture.load("fixtures/no-ids").bsonCollections())
                .isEqualTo(Fixture.load("fixtures/no-ids").bsonCollections())
                .allSatisfy((collection, documents) -> assertThat(documents).allMatch(d -> d.containsKey("_id")));
    }

    /** A chain whose skip-forward check used to fail on documents without _id (each seed made new ObjectIds). */
    @TestFactory
    @DisplayName("a correct chain over documents without _id passes every generated check")
    Stream<DynamicTest> checksOverDocumentsWithoutIds() {
        return MigrationChecks.forChain(Chains::addStatusOnly)
                .fromFixtures(Fixture.at("1.0.0").named("users without ids")
                        .documents("users", new Document("name", "ann"), new Document("name", "bob")))
                .dynamicTests();
    }

    @Test
    @DisplayName("UUIDs in a fixture built in code are stored in the standard representation")
    void uuids(MigrationHarness h, MongoDatabase db) {
        UUID id = UUID.fromString("0b3f8a5e-1c2d-4e5f-8a9b-0c1d2e3f4a5b");
        h.seed(Fixture.at("1.0.0").documents("users", new Document("_id", id).append("name", "ann")));

        BsonDocument stored = db.getCollection("users", BsonDocument.class).find().first();
        assertThat(stored.getBinary("_id").getType()).isEqualTo(BsonBinarySubType.UUID_STANDARD.getValue());
        assertThat(stored.getBinary("_id").asUuid()).isEqualTo(id);
        assertThat(h.snapshot().collection("users").orElseThrow().documents()).singleElement().asString()
                .contains("\"$binary\": {\"base64\": \"Cz+KXhwtTl+Kmwwd").contains("\"subType\": \"04\"");
    }

    @Test
    @DisplayName("the snapshot keeps _id as stored: ids with the same fields in another order differ")
    void idKeptAsStored(MigrationHarness h, MongoDatabase db) {
        db.getCollection("keys").insertOne(new Document("_id", new Document("k", 1).append("j", 2)));
        DataSnapshot before = h.snapshot();
        db.getCollection("keys").deleteMany(new Document());
        db.getCollection("keys").insertOne(new Document("_id", new Document("j", 2).append("k", 1)));

        assertThat(before.diff(h.snapshot())).containsExactlyInAnyOrder(
                "keys {_id: {\"k\": 1, \"j\": 2}}: document removed {\"_id\": {\"k\": 1, \"j\": 2}}",
                "keys {_id: {\"j\": 2, \"k\": 1}}: document added {\"_id\": {\"j\": 2, \"k\": 1}}");
    }

    static Stream<Object> embeddedGaps() {
        return Stream.of(new BsonBinary(BsonBinarySubType.MD5, new byte[16]), new BsonBinary((byte) 0x80, new byte[] {1}),
                new BsonSymbol("sym"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("embeddedGaps")
    @MigrationTest(backend = Backend.EMBEDDED)
    @DisplayName("on the embedded MongoDB, seed() refuses values it does not store faithfully, naming the backends that do")
    void embeddedGapsRefused(Object value, MigrationHarness h, MongoDatabase db) {
        Fixture fixture = Fixture.at("1.0.0").documents("files", new Document("_id", 1).append("meta",
                new Document("hash", value)));

        assertThatThrownBy(() -> h.seed(fixture))
                .isInstanceOfSatisfying(SmartMigrationException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_CONFIG))
                .hasMessageContaining("collection files, document {_id: 1}: field meta.hash")
                .hasMessageContaining("nothing was seeded")
                .hasMessageContaining("Backend.CONTAINERS")
                .hasMessageContaining("smartmigration.test.mongo.uri");
        assertThat(db.listCollectionNames().into(new java.util.ArrayList<>())).doesNotContain("files");
    }

    @Test
    @MigrationTest(backend = Backend.EMBEDDED)
    @DisplayName("other binaries seed on the embedded MongoDB as they are")
    void plainBinariesSeed(MigrationHarness h, MongoDatabase db) {
        h.seed(Fixture.at("1.0.0").documents("files", new Document("_id", 1).append("data", new Binary(new byte[] {1, 2}))));

        assertThat(db.getCollection("files").find().first().get("data", Binary.class).getData()).containsExactly(1, 2);
    }
}
