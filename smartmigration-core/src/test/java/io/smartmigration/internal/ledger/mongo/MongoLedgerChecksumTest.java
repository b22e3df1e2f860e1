package io.smartmigration.internal.ledger.mongo;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import io.smartmigration.HistoryEntry;
import io.smartmigration.MigrationContext;
import io.smartmigration.MigrationStep;
import io.smartmigration.Outcome;
import io.smartmigration.SmartMigration;
import io.smartmigration.internal.ops.StepChecksums;
import io.smartmigration.scenarios.MongoTestBackend;
import java.util.Date;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

@DisplayName("The Mongo ledger's history checksums")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(30)
class MongoLedgerChecksumTest {

    private final MongoTestBackend mongo = new MongoTestBackend();

    /** A class-based step; its checksum is the SHA-256 of this class file. */
    static final class Backfill implements MigrationStep {
        public String id() {
            return "backfill";
        }

        public String from() {
            return "1.0.0";
        }

        public String to() {
            return "1.1.0";
        }

        public void up(MigrationContext ctx) {
            ctx.mongo().getCollection("users").insertOne(new Document("_id", 1));
        }
    }

    @BeforeEach
    void freshDatabase() {
        mongo.newNamespace();
    }

    @AfterAll
    void stop() {
        mongo.close();
    }

    private SmartMigration.Builder chain(MongoClient client) {
        return SmartMigration.builder().targetVersion("1.2.0").mongo(client, mongo.database())
                .step(new Backfill())
                .step("inline").from("1.1.0").to("1.2.0").up(ctx -> { });
    }

    private List<Document> rawHistory() {
        Document ledger = mongo.client().getDatabase(mongo.database()).getCollection(MongoLedger.COLLECTION)
                .find().first();
        return ledger.getList("history", Document.class);
    }

    @Test
    @DisplayName("a class-based step's entry stores a checksum field; a builder step's entry has none")
    void checksumFieldOnlyForClassSteps() {
        chain(mongo.client()).build().run();

        List<Document> history = rawHistory();

        assertThat(history.get(0).getString("checksum"))
                .isEqualTo(StepChecksums.compute(Backfill.class).orElseThrow()).hasSize(64);
        assertThat(history.get(1).containsKey("checksum")).isFalse();
    }

    @Test
    @DisplayName("history entries written without a checksum field (older ledgers) read with an empty checksum")
    void legacyEntryReadsWithoutChecksum() {
        Date now = new Date();
        mongo.client().getDatabase(mongo.database()).getCollection(MongoLedger.COLLECTION).insertOne(
                new Document("_id", "smartmigration").append("schemaVersion", 1).append("currentVersion", "1.1.0")
                        .append("lock", null).append("checkpoint", null)
                        .append("history", List.of(new Document("stepId", "backfill").append("from", "1.0.0")
                                .append("to", "1.1.0").append("status", "APPLIED").append("skipForward", false)
                                .append("startedAt", now).append("finishedAt", now).append("durationMs", 3L)
                                .append("owner", "old-release").append("error", null))));

        List<HistoryEntry> history = chain(mongo.client()).build().history();

        assertThat(history).singleElement().satisfies(e -> assertThat(e.checksum()).isEmpty());
        assertThat(chain(mongo.client()).build().validate().valid()).isTrue();
    }

    @Test
    @DisplayName("with validateOnRun(true) and class-based steps, a run at the target still costs one find")
    void validatingNoOpIsOneRead() {
        chain(mongo.client()).build().run();
        List<String> commands = new CopyOnWriteArrayList<>();
        CommandListener listener = new CommandListener() {
            @Override
            public void commandStarted(CommandStartedEvent event) {
                commands.add(event.getCommandName());
            }
        };
        try (MongoClient listening = MongoClients.create(MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString(mongo.server().connectionString()))
                .addCommandListener(listener).build())) {

            var result = chain(listening).validateOnRun(true).build().run();

            assertThat(result.outcome()).isEqualTo(Outcome.NO_OP);
            assertThat(commands).containsExactly("find");
        }
    }
}
