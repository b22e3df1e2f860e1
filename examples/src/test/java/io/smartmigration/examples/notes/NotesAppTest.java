package io.smartmigration.examples.notes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.mongodb.client.MongoClient;
import io.smartmigration.HistoryEntry;
import io.smartmigration.HistoryStatus;
import io.smartmigration.SmartMigration;
import io.smartmigration.embedded.EmbeddedMongo;
import io.smartmigration.embedded.EmbeddedS3;
import io.smartmigration.embedded.EmbeddedServers;
import io.smartmigration.examples.notes.migrations.NotesMigrations;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/** The demo's startup on its embedded, on-disk servers, as {@code java -jar notes-app.jar} runs it. */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
@DisplayName("The notes app's startup")
class NotesAppTest {

    @TempDir
    Path dataDir;

    @Test
    @DisplayName("seeds and migrates the demo data on the first start, and finds it at 2.0.0 on the next")
    void firstStartMigratesNextStartDoesNothing() {
        Map<String, String> env = Map.of("NOTES_DATA_DIR", dataDir.toString());

        assertThat(NotesApp.run(List.of(), env)).isZero();
        assertThat(NotesApp.run(List.of(), env)).isZero();

        // The data outlived both processes' servers: the ledger records one run of each step.
        onDisk(migration -> {
            assertThat(migration.currentVersion()).contains("2.0.0");
            assertThat(migration.history()).extracting(HistoryEntry::stepId, HistoryEntry::status).containsExactly(
                    tuple("backfill-note-status", HistoryStatus.APPLIED),
                    tuple("move-attachments-to-s3", HistoryStatus.APPLIED),
                    tuple("rekey-attachments-by-tenant", HistoryStatus.APPLIED),
                    tuple("rename-owner-to-owner-id", HistoryStatus.APPLIED));
        });
        assertThat(objectKeys()).isNotEmpty().allMatch(key -> key.startsWith("tenants/"));
    }

    @Test
    @DisplayName("--reset deletes the embedded data before starting over")
    void resetStartsOver() throws Exception {
        Map<String, String> env = Map.of("NOTES_DATA_DIR", dataDir.toString());
        Path leftover = Files.writeString(dataDir.resolve("leftover.txt"), "from an earlier run");

        assertThat(NotesApp.run(List.of("--reset"), env)).isZero();

        assertThat(leftover).doesNotExist();
        onDisk(migration -> assertThat(migration.currentVersion()).contains("2.0.0"));
    }

    @Test
    @DisplayName("uses the servers named by MONGODB_URI and S3_ENDPOINT, creating the bucket, and keeps nothing on disk")
    void usesExternalBackends() {
        // Two in-memory servers stand in for a real MongoDB and S3.
        try (EmbeddedMongo mongo = EmbeddedMongo.inMemory(); EmbeddedS3 s3 = EmbeddedS3.inMemory();
             MongoClient client = mongo.newClient(); S3Client s3Client = s3.newClient()) {
            Map<String, String> env = Map.of(
                    "NOTES_DATA_DIR", dataDir.toString(),
                    "MONGODB_URI", mongo.connectionString() + "/notes-prod",
                    "S3_ENDPOINT", s3.endpoint().toString(),
                    "S3_BUCKET", "notes-prod-files",
                    "AWS_ACCESS_KEY_ID", EmbeddedS3.ACCESS_KEY,
                    "AWS_SECRET_ACCESS_KEY", EmbeddedS3.SECRET_KEY);

            assertThat(NotesApp.run(List.of(), env)).isZero();

            assertThat(NotesMigrations.chain().mongo(client, "notes-prod").build().currentVersion()).contains("2.0.0");
            assertThat(s3Client.listObjectsV2(b -> b.bucket("notes-prod-files").prefix("tenants/")).contents())
                    .isNotEmpty();
            assertThat(dataDir).isEmptyDirectory();
        }
    }

    @Test
    @DisplayName("refuses an unknown argument with its usage")
    void rejectsUnknownArguments() {
        assertThat(NotesApp.run(List.of("--frobnicate"), Map.of("NOTES_DATA_DIR", dataDir.toString()))).isEqualTo(2);
        assertThat(dataDir).isEmptyDirectory();
    }

    private void onDisk(Consumer<SmartMigration> check) {
        try (EmbeddedMongo mongo = EmbeddedMongo.persistent(dataDir.resolve(EmbeddedServers.MONGO_FILE));
             MongoClient client = mongo.newClient()) {
            check.accept(NotesMigrations.chain().mongo(client, Backends.DEFAULT_DATABASE).build());
        }
    }

    private List<String> objectKeys() {
        try (EmbeddedS3 s3 = EmbeddedS3.persistent(dataDir.resolve(EmbeddedServers.S3_FOLDER)); S3Client client = s3.newClient()) {
            return client.listObjectsV2Paginator(b -> b.bucket(Backends.DEFAULT_BUCKET)).contents().stream()
                    .map(S3Object::key).toList();
        }
    }
}
