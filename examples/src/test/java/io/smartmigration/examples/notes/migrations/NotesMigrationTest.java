package io.smartmigration.examples.notes.migrations;

import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.exists;
import static io.smartmigration.test.MigrationAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import io.smartmigration.MigrationResult;
import io.smartmigration.test.Crash;
import io.smartmigration.test.DataSnapshot;
import io.smartmigration.test.Fixture;
import io.smartmigration.test.MigrationHarness;
import io.smartmigration.test.MigrationTest;
import io.smartmigration.test.TestBucket;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What release 2.0.0 of the notes service finds after the migration, asserted the way its
 * developers would: by reading notes, users and attachments.
 */
@MigrationTest
@Timeout(value = 1, unit = TimeUnit.MINUTES)
@DisplayName("Migrating the notes data to 2.0.0")
class NotesMigrationTest {

    private static final Fixture AT_1_0_0 = Fixture.load("fixtures/1.0.0");
    private static final Fixture AT_1_2_0 = Fixture.load("fixtures/1.2.0");

    @Test
    @DisplayName("takes the 1.0.0 data through all four steps to 2.0.0")
    void runsTheWholeChainFromOneDotZero(MigrationHarness h) {
        // GIVEN the data of release 1.0.0
        h.seed(AT_1_0_0);

        // WHEN release 2.0.0 starts
        MigrationResult result = h.run(NotesMigrations.chain());

        // THEN every step ran once, in order, and the ledger says 2.0.0
        assertThat(result).reachedTarget().applied("backfill-note-status", "move-attachments-to-s3",
                "rekey-attachments-by-tenant", "rename-owner-to-owner-id");
        assertThat(h.ledger()).isAt("2.0.0").hasHistory("backfill-note-status", "move-attachments-to-s3",
                "rekey-attachments-by-tenant", "rename-owner-to-owner-id");
    }

    @Test
    @DisplayName("records each step's own summary in its history entry")
    void recordsEachStepsSummary(MigrationHarness h) {
        h.seed(AT_1_0_0);
        io.smartmigration.SmartMigration migration = h.bind(NotesMigrations.chain()).build();

        migration.run();

        assertThat(migration.history().stream().filter(e -> e.status() == io.smartmigration.HistoryStatus.APPLIED)
                .map(e -> e.stepId() + ": " + e.output().orElse("(none)")).toList()).containsExactly(
                "backfill-note-status: 2 note(s) now archived, 3 active",
                "move-attachments-to-s3: moved 5 attachment(s) of 4 note(s) to s3://" + h.bucket().name()
                        + "/attachments/",
                "rekey-attachments-by-tenant: filed 5 object(s) under s3://" + h.bucket().name()
                        + "/tenants/<tenantId>/notes/",
                "rename-owner-to-owner-id: renamed owner to ownerId in 5 note(s); users now unique by (tenantId, email)");
    }

    @Test
    @DisplayName("gives archived notes the status 'archived' and every other note 'active'")
    void backfillsStatus(MigrationHarness h, MongoDatabase db) {
        h.seed(AT_1_0_0);

        h.run(NotesMigrations.chain());

        assertThat(statusByTitle(db)).containsExactlyInAnyOrderEntriesOf(Map.of(
                "Kick-off", "active", "Budget", "archived", "Hiring plan", "active",
                "Roadmap", "active", "Retro", "archived"));
        assertThat(db.getCollection("notes").countDocuments(exists("archived")))
                .as("notes still carrying the 1.0.0 'archived' flag").isZero();
    }

    @Test
    @DisplayName("moves every inline attachment to S3 under its tenant, with the same bytes and content type")
    void movesAttachmentsToTenantKeys(MigrationHarness h, MongoDatabase db, TestBucket bucket) {
        // GIVEN the 1.0.0 notes, whose attachments are inline base64
        h.seed(AT_1_0_0);
        Map<String, Document> inlineByKey = new TreeMap<>();
        for (Document note : db.getCollection("notes").find()) {
            for (Document a : note.getList("attachments", Document.class)) {
                inlineByKey.put(AttachmentKeys.byTenant(note.getString("tenantId"), note.get("_id"), a.getString("name")), a);
            }
        }

        // WHEN the chain runs
        h.run(NotesMigrations.chain());

        // THEN each attachment is an object tenants/<tenant>/notes/<note>/<name> holding the decoded bytes
        assertThat(bucket.keys()).filteredOn(k -> !k.startsWith(".smartmigration/"))
                .containsExactlyElementsOf(inlineByKey.keySet());
        inlineByKey.forEach((key, inline) -> {
            assertThat(bucket.get(key)).as(key).isEqualTo(Base64.getDecoder().decode(inline.getString("data")));
            assertThat(bucket.client().headObject(b -> b.bucket(bucket.name()).key(key)).contentType())
                    .as("content type of " + key).isEqualTo(inline.getString("contentType"));
        });
        // AND the notes keep a reference, not the data
        Document kickOff = db.getCollection("notes").find(eq("title", "Kick-off")).first();
        assertThat(kickOff.getList("attachments", Document.class)).containsExactly(
                new Document("name", "agenda.txt").append("contentType", "text/plain").append("size", 34)
                        .append("key", "tenants/acme/notes/65f1c0de0000000000000001/agenda.txt"),
                new Document("name", "logo.png").append("contentType", "image/png").append("size", 70)
                        .append("key", "tenants/acme/notes/65f1c0de0000000000000001/logo.png"));
    }

    @Test
    @DisplayName("renames owner to ownerId, keeping the user it points to")
    void renamesOwner(MigrationHarness h, MongoDatabase db) {
        h.seed(AT_1_0_0);

        h.run(NotesMigrations.chain());

        Document retro = db.getCollection("notes").find(eq("title", "Retro")).first();
        assertThat(retro).doesNotContainKey("owner")
                .containsEntry("ownerId", new ObjectId("65e1a0de0000000000000003"));
    }

    @Test
    @DisplayName("lets two tenants share an e-mail address, but not two users of one tenant")
    void makesEmailsUniquePerTenant(MigrationHarness h, MongoDatabase db) {
        h.seed(AT_1_0_0);
        h.run(NotesMigrations.chain());
        MongoCollection<Document> users = db.getCollection("users");

        users.insertOne(new Document("tenantId", "globex").append("email", "ada@acme.example"));

        assertThatThrownBy(() -> users.insertOne(new Document("tenantId", "acme").append("email", "ada@acme.example")))
                .isInstanceOfSatisfying(MongoWriteException.class,
                        e -> assertThat(ErrorCategory.fromErrorCode(e.getCode())).isEqualTo(ErrorCategory.DUPLICATE_KEY));
    }

    @Test
    @DisplayName("from the 1.2.0 data runs only the last two steps, and leaves an attachment whose note is gone in place")
    void resumesFromOneDotTwoAndKeepsOrphans(MigrationHarness h, TestBucket bucket) {
        // GIVEN data at 1.2.0 with an object under attachments/ that no note references
        h.seed(AT_1_2_0);

        MigrationResult result = h.run(NotesMigrations.chain());

        assertThat(result).reachedTarget().applied("rekey-attachments-by-tenant", "rename-owner-to-owner-id");
        assertThat(h.snapshot())
                .hasObject("attachments/65f1c0de00000000000000ff/orphan.txt", "text/plain")
                .hasObject("tenants/initech/notes/65f1c0de000000000000000b/cover-sheet.txt", "text/plain")
                .hasObject("tenants/initech/notes/65f1c0de000000000000000c/printer.png", "image/png")
                .hasObject("tenants/umbrella/notes/65f1c0de000000000000000e/inventory.csv", "text/csv")
                .doesNotHaveObject("attachments/65f1c0de000000000000000b/cover-sheet.txt");
        assertThat(bucket.getText("tenants/initech/notes/65f1c0de000000000000000b/totals.csv"))
                .isEqualTo("week,reports\n1,12\n2,9\n");
    }

    @Test
    @DisplayName("leaves every attachment key of every note pointing at an existing object")
    void keepsNotesAndObjectsConsistent(MigrationHarness h, MongoDatabase db, TestBucket bucket) {
        h.seed(AT_1_2_0);

        h.run(NotesMigrations.chain());

        List<String> referenced = new ArrayList<>();
        db.getCollection("notes").find().forEach(note -> note.getList("attachments", Document.class)
                .forEach(a -> referenced.add(a.getString("key"))));
        assertThat(referenced).hasSize(4).allMatch(k -> k.startsWith("tenants/"));
        assertThat(bucket.keys()).containsAll(referenced);
    }

    @ParameterizedTest(name = "write {0} of 3 (copy, re-point the note, delete the old object)")
    @ValueSource(ints = {1, 2, 3})
    @DisplayName("re-keys attachments correctly after a crash right after any of the three writes of one:")
    void rekeyingSurvivesACrashAfterAnyWrite(int writes, MigrationHarness h) {
        // GIVEN the data the chain leaves behind when nothing goes wrong
        h.seed(AT_1_2_0);
        h.run(NotesMigrations.chain());
        DataSnapshot clean = h.snapshot();
        h.reset();
        h.seed(AT_1_2_0);

        // WHEN the process dies right after that write of the first object, and the app restarts
        h.runWithCrash(NotesMigrations.chain(), Crash.inStep("rekey-attachments-by-tenant").afterWrites(writes));
        MigrationResult restart = h.run(NotesMigrations.chain());

        // THEN the restart finishes the job, and the data is what a clean run leaves
        assertThat(restart).reachedTarget();
        assertThat(h.snapshot()).isEqualTo(clean);
    }

    @Test
    @DisplayName("does nothing on the next start")
    void secondStartIsANoOp(MigrationHarness h) {
        h.seed(AT_1_0_0);
        h.run(NotesMigrations.chain());
        DataSnapshot migrated = h.snapshot();

        MigrationResult again = h.run(NotesMigrations.chain());

        assertThat(again).wasNoOp();
        assertThat(h.snapshot()).isEqualTo(migrated);
    }

    private static Map<String, String> statusByTitle(MongoDatabase db) {
        Map<String, String> status = new TreeMap<>();
        db.getCollection("notes").find().forEach(n -> status.put(n.getString("title"), n.getString("status")));
        return status;
    }
}
