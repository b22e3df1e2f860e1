package io.smartmigration.examples.notes.spring;

import static com.mongodb.client.model.Filters.exists;
import static io.smartmigration.test.MigrationAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import io.smartmigration.MigrationResult;
import io.smartmigration.MigrationStep;
import io.smartmigration.embedded.EmbeddedMongo;
import io.smartmigration.examples.notes.DemoData;
import io.smartmigration.examples.notes.migrations.NotesMigrations;
import io.smartmigration.test.Fixture;
import io.smartmigration.test.MigrationChecks;
import io.smartmigration.test.MigrationHarness;
import io.smartmigration.test.MigrationTest;
import io.smartmigration.test.TestBucket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.bson.Document;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.Timeout;

/**
 * The Spring Boot notes service's migration steps, tested without Spring: the toolkit binds each
 * test's scratch database and bucket to the same steps the application declares as beans.
 */
@MigrationTest
@DisplayName("The Spring Boot notes service's migration")
class NotesSpringMigrationTest {

    /** Eight documents or objects per batch: the demo data spans several batches (crash points). */
    private static final int BATCH_SIZE = 8;

    @Test
    @DisplayName("is the plain notes service's chain: same steps, ranges and resumability, same target")
    void sameChainAsThePlainService(MigrationHarness h) {
        List<MigrationStep> plain = h.bind(NotesMigrations.chain()).build().steps();
        List<MigrationStep> spring = h.bind(NotesMigrationSteps.chain(BATCH_SIZE)).build().steps();

        assertThat(spring).extracting(MigrationStep::id, MigrationStep::from, MigrationStep::to,
                        MigrationStep::resumable)
                .containsExactlyElementsOf(plain.stream().map(s -> tuple(
                        s.id(), s.from(), s.to(), s.resumable())).toList());
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    @DisplayName("takes the demo data of release 1.0.0 to 2.0.0: statuses, ownerId, attachments in S3 under their tenant")
    void demoDataToTwoDotZero(MigrationHarness h, MongoDatabase db, TestBucket bucket) {
        // GIVEN the demo data the service seeds at its first start
        DemoData.Counts seeded = DemoData.seed(db);

        // WHEN the chain runs
        MigrationResult result = h.run(NotesMigrationSteps.chain(BATCH_SIZE));

        // THEN it applied the four steps, and the data has the shape of 2.0.0
        assertThat(result).reachedTarget().applied("backfill-note-status", "move-attachments-to-s3",
                "rekey-attachments-by-tenant", "rename-owner-to-owner-id");
        assertThat(db.getCollection("notes").countDocuments(exists("status"))).isEqualTo(seeded.notes());
        assertThat(db.getCollection("notes").countDocuments(exists("owner"))).isZero();
        assertThat(db.getCollection("notes").countDocuments(exists("attachments.data"))).isZero();
        assertThat(tenantAndKeys(db)).hasSize(seeded.attachments())
                .allSatisfy(entry -> assertThat(entry.split(" ")[1]).startsWith("tenants/" + entry.split(" ")[0] + "/"));
        assertThat(bucket.client().listObjectsV2(list -> list.bucket(bucket.name()).prefix("tenants/")).keyCount())
                .isEqualTo(seeded.attachments());
    }

    @TestFactory
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    @DisplayName("is safe from the demo data:")
    Stream<DynamicTest> chainIsSafe() {
        return MigrationChecks.forChain(() -> NotesMigrationSteps.chain(BATCH_SIZE))
                .fromFixtures(demoDataFixture())
                .dynamicTests();
    }

    /** Every attachment key of every note, with the note's tenant in front: "acme tenants/acme/notes/...". */
    private static List<String> tenantAndKeys(MongoDatabase db) {
        List<String> keys = new ArrayList<>();
        for (Document note : db.getCollection("notes").find()) {
            for (Document attachment : note.getList("attachments", Document.class)) {
                keys.add(note.getString("tenantId") + " " + attachment.getString("key"));
            }
        }
        return keys;
    }

    /** The demo data of release 1.0.0 as a fixture: seeded into a scratch server, read back. */
    private static Fixture demoDataFixture() {
        try (EmbeddedMongo scratch = EmbeddedMongo.inMemory(); MongoClient client = scratch.newClient()) {
            MongoDatabase db = client.getDatabase("demo");
            DemoData.seed(db);
            Fixture fixture = Fixture.at("1.0.0").named("demo data of release 1.0.0");
            for (String collection : List.of("users", "notes")) {
                fixture = fixture.documents(collection, db.getCollection(collection).find().into(new ArrayList<>()));
            }
            return fixture;
        }
    }
}
