package io.smartmigration.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import io.smartmigration.SmartMigration;
import io.smartmigration.embedded.EmbeddedMongo;
import io.smartmigration.embedded.EmbeddedServers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("The CLI on an embedded data folder (--data-dir)")
@Timeout(60)
class DataDirTest {

    @TempDir
    Path dir;

    /** What the example app leaves in its data folder: a migrated ledger in database 'notes'; then it stops. */
    private void appRanAndStopped() {
        try (EmbeddedMongo mongo = EmbeddedMongo.persistent(dir.resolve(EmbeddedServers.MONGO_FILE));
             MongoClient client = mongo.newClient()) {
            SmartMigration.builder().targetVersion("1.1.0").mongo(client, "notes").instanceId("notes-app")
                    .step("backfill").from("1.0.0").to("1.1.0").up(ctx -> ctx.output("6 note(s) now archived, 18 active"))
                    .build().run();
        }
    }

    private CliResult cli(String... args) {
        return CliResult.inProcess(List.of(args), Map.of());
    }

    @Test
    @DisplayName("status and history read the stopped app's ledger, and the data file is left byte for byte as it was")
    void readsTheLedgerReadOnly() throws IOException {
        appRanAndStopped();
        Path file = dir.resolve(EmbeddedServers.MONGO_FILE);
        byte[] before = Files.readAllBytes(file);

        CliResult status = cli("status", "--data-dir", dir.toString());
        CliResult history = cli("history", "--data-dir", dir.toString());

        assertThat(status.exit()).as(status.toString()).isZero();
        assertThat(status.out()).contains("in notes.smartmigration_ledger", "data version: 1.1.0");
        assertThat(history.exit()).as(history.toString()).isZero();
        assertThat(history.out()).contains("backfill", "#1 output: 6 note(s) now archived, 18 active");
        assertThat(Files.readAllBytes(file)).isEqualTo(before);
    }

    @Test
    @DisplayName("unlock and baseline are refused with --data-dir: it opens the data read-only")
    void writingCommandsAreRefused() {
        appRanAndStopped();

        CliResult unlock = cli("unlock", "--data-dir", dir.toString());
        CliResult baseline = cli("baseline", "2.0.0", "--data-dir", dir.toString());

        assertThat(unlock.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(unlock.err()).contains("read-only");
        assertThat(baseline.exit()).isEqualTo(ExitCodes.USAGE);
    }

    @Test
    @DisplayName("a folder without embedded data is a usage error naming the missing file")
    void noDataThere() {
        CliResult result = cli("status", "--data-dir", dir.resolve("nothing").toString());

        assertThat(result.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).contains(EmbeddedServers.MONGO_FILE.replace('/', java.io.File.separatorChar));
    }

    @Test
    @DisplayName("while the app still runs on the folder, status exits 2 and says to stop it first")
    void appStillRunning() {
        appRanAndStopped();
        try (EmbeddedMongo running = EmbeddedMongo.persistent(dir.resolve(EmbeddedServers.MONGO_FILE))) {

            CliResult result = cli("status", "--data-dir", dir.toString());

            assertThat(result.exit()).as(result.toString()).isEqualTo(ExitCodes.LEDGER_PROBLEM);
            assertThat(result.err()).contains("LEDGER_UNAVAILABLE", "still running", "stop it first");
        }
    }

    @Test
    @DisplayName("--data-dir with --mongo-uri is a usage error")
    void exclusiveWithOtherLedgers() {
        CliResult result = cli("status", "--data-dir", dir.toString(), "--mongo-uri", "mongodb://127.0.0.1:1/db");

        assertThat(result.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).contains("--data-dir");
    }
}
