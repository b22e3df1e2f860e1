package io.smartmigration.safety;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.ReadConcern;
import com.mongodb.ReadPreference;
import com.mongodb.WriteConcern;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.model.Updates;
import io.smartmigration.HistoryStatus;
import io.smartmigration.MigrationResult;
import io.smartmigration.Outcome;
import io.smartmigration.SmartMigration;
import io.smartmigration.embedded.EmbeddedMongo;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.bson.BsonDocument;
import org.bson.BsonString;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The ledger's I/O never inherits the application's client defaults (DESIGN.md, "Production
 * safety", replica sets). mongo-java-server ignores concerns, so what is checked is what the
 * driver sends: a {@link CommandLog} on the application's client.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("Ledger I/O uses majority, journaled, primary concerns whatever the application's client says")
class LedgerConcernsTest {

    private static final String LEDGER = "smartmigration_ledger";
    private static final Set<String> WRITES = Set.of("update", "findAndModify", "insert", "delete");

    private EmbeddedMongo mongo;
    private MongoClient plain;
    private int databases;

    @BeforeAll
    void start() {
        mongo = EmbeddedMongo.inMemory();
        plain = mongo.newClient();
    }

    @AfterAll
    void stop() {
        plain.close();
        mongo.close();
    }

    private String seededDatabase() {
        String db = "concerns_" + ++databases;
        plain.getDatabase(db).getCollection("items").insertMany(IntStream.range(0, 25)
                .mapToObj(i -> new Document("_id", i)).toList());
        return db;
    }

    /**
     * @param handlerConcern the write concern of the handlers' own writes; mongo-java-server drops the
     *                       connection after an unacknowledged write, so a w:0 client's handlers write at w:1
     */
    private static SmartMigration.Builder chain(MongoClient client, String db, WriteConcern handlerConcern) {
        return SmartMigration.builder().targetVersion("1.2.0").mongo(client, db)
                .freshInstallVersion("1.2.0")   // not fresh (items exist): the fresh-data check lists collections
                .lockTtl(Duration.ofSeconds(30))
                .step("tag").from("1.0.0").to("1.1.0")
                .up(ctx -> ctx.mongo().withWriteConcern(handlerConcern).getCollection("items")
                        .updateMany(new Document(), Updates.set("tag", 1)))
                .step("walk").from("1.1.0").to("1.2.0").resumable()
                .up(ctx -> ctx.forEachDocumentBatch("items", 10, batch -> ctx.mongo().withWriteConcern(handlerConcern)
                        .getCollection("items")
                        .updateMany(new Document("_id", new Document("$in",
                                batch.stream().map(d -> d.get("_id")).toList())), Updates.set("walked", true))));
    }

    @Test
    @DisplayName("GIVEN a client at w:1, secondaryPreferred and read concern local WHEN every public call runs"
            + " THEN each ledger command carries w:majority with j:true, read concern majority, no non-primary"
            + " read preference and a client-side time limit, while the application's own commands keep its defaults")
    void ledgerCommandsCarryTheLedgersConcerns() {
        CommandLog log = new CommandLog();
        String db = seededDatabase();
        try (MongoClient app = MongoClients.create(mongo.clientSettings().addCommandListener(log)
                .writeConcern(WriteConcern.W1).readPreference(ReadPreference.secondaryPreferred())
                .readConcern(ReadConcern.LOCAL).build())) {
            SmartMigration migration = chain(app, db, WriteConcern.W1).build();

            MigrationResult result = migration.run();
            migration.plan();
            migration.status();
            migration.currentVersion();
            migration.history();
            migration.validate();
            migration.forceUnlock();
            migration.baseline("1.2.0", true);
            assertThat(migration.run().outcome()).isEqualTo(Outcome.NO_OP);

            assertThat(result.outcome()).isEqualTo(Outcome.MIGRATED);
            List<CommandLog.Sent> ledger = log.on(LEDGER);
            assertThat(ledger).extracting(CommandLog.Sent::name).contains("find", "findAndModify", "update");
            for (CommandLog.Sent sent : ledger) {
                assertLedgerConcerns(sent);
            }
            List<CommandLog.Sent> listings = log.named("listCollections");
            assertThat(listings).as("the fresh-data check").isNotEmpty();
            listings.forEach(sent -> {
                assertPrimary(sent);
                assertThat(sent.command().containsKey("maxTimeMS")).as("bounded: %s", sent.command()).isTrue();
            });
            // the control: the application's own commands do carry the client's defaults
            List<CommandLog.Sent> appWrites = log.on("items").stream().filter(s -> s.name().equals("update")).toList();
            assertThat(appWrites).isNotEmpty().allSatisfy(sent -> assertThat(sent.command().getDocument("writeConcern",
                    new BsonDocument())).isEqualTo(BsonDocument.parse("{w: 1}")));
        }
    }

    private static void assertLedgerConcerns(CommandLog.Sent sent) {
        BsonDocument command = sent.command();
        if (WRITES.contains(sent.name())) {
            assertThat(command.getDocument("writeConcern", null)).as("write concern of %s", command)
                    .isEqualTo(BsonDocument.parse("{w: 'majority', j: true}"));
        } else {
            assertThat(command.getDocument("readConcern", null)).as("read concern of %s", command)
                    .isEqualTo(BsonDocument.parse("{level: 'majority'}"));
        }
        assertPrimary(sent);
        assertThat(command.containsKey("maxTimeMS")).as("a client-side time limit on %s", command).isTrue();
    }

    private static void assertPrimary(CommandLog.Sent sent) {
        BsonDocument preference = sent.command().getDocument("$readPreference", new BsonDocument("mode",
                new BsonString("primary")));
        assertThat(preference.getString("mode").getValue()).as("read preference of %s", sent.command())
                .isEqualTo("primary");
    }

    @Test
    @DisplayName("GIVEN a client at w:0 (unacknowledged) WHEN the chain runs THEN it migrates, the ledger advances,"
            + " and the next boot is a no-op")
    void unacknowledgedClientStillMigrates() {
        String db = seededDatabase();
        try (MongoClient app = MongoClients.create(mongo.clientSettings()
                .writeConcern(WriteConcern.UNACKNOWLEDGED).build())) {
            MigrationResult result = chain(app, db, WriteConcern.W1).build().run();
            MigrationResult again = chain(app, db, WriteConcern.W1).build().run();

            assertThat(result.outcome()).isEqualTo(Outcome.MIGRATED);
            assertThat(result.currentVersionAfter()).isEqualTo("1.2.0");
            assertThat(again.outcome()).isEqualTo(Outcome.NO_OP);
            Document ledger = plain.getDatabase(db).getCollection(LEDGER).find().first();
            assertThat(ledger).isNotNull();
            assertThat(ledger.getString("currentVersion")).isEqualTo("1.2.0");
            assertThat(ledger.get("lock")).as("released").isNull();
            assertThat(ledger.getList("history", Document.class)).extracting(d -> d.getString("status"))
                    .containsExactly(HistoryStatus.APPLIED.name(), HistoryStatus.APPLIED.name());
        }
    }
}
