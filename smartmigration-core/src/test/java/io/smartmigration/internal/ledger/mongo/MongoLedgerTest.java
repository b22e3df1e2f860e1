package io.smartmigration.internal.ledger.mongo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import io.smartmigration.ErrorCode;
import io.smartmigration.Outcome;
import io.smartmigration.SmartMigration;
import io.smartmigration.SmartMigrationException;
import io.smartmigration.scenarios.MongoTestBackend;
import java.net.ServerSocket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

@DisplayName("The Mongo ledger")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(30)
class MongoLedgerTest {

    private final MongoTestBackend mongo = new MongoTestBackend();

    @BeforeEach
    void freshDatabase() {
        mongo.newNamespace();
    }

    @AfterAll
    void stop() {
        mongo.close();
    }

    private SmartMigration.Builder chain(MongoClient client) {
        return SmartMigration.builder().targetVersion("1.1.0").mongo(client, mongo.database())
                .step("a").from("1.0.0").to("1.1.0").up(ctx -> ctx.mongo().getCollection("users")
                        .updateMany(new Document(), new Document("$set", new Document("status", "active"))));
    }

    @Test
    @DisplayName("a run at the target costs one find on the ledger: no lock, no write")
    void noOpIsOneRead() {
        chain(mongo.client()).build().run();
        List<String> commands = new CopyOnWriteArrayList<>();
        CommandListener listener = new CommandListener() {
            @Override
            public void commandStarted(CommandStartedEvent event) {
                commands.add(event.getCommandName() + " " + event.getCommand().get(event.getCommandName()));
            }
        };
        try (MongoClient listening = MongoClients.create(MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString(mongo.server().connectionString()))
                .addCommandListener(listener).build())) {

            var result = chain(listening).build().run();

            assertThat(result.outcome()).isEqualTo(Outcome.NO_OP);
            assertThat(commands).containsExactly("find BsonString{value='" + MongoLedger.COLLECTION + "'}");
        }
    }

    @Test
    @DisplayName("a run at the target whose index declarations were ensured costs one find too: no listIndexes")
    void noOpWithEnsuredIndexDeclarationsIsOneRead() {
        chain(mongo.client()).index("users", Indexes.ascending("email"), new IndexOptions().unique(true))
                .index("users", Indexes.descending("createdAt")).build().run();
        List<String> commands = new CopyOnWriteArrayList<>();
        try (MongoClient listening = listeningClient(commands)) {

            var result = chain(listening).index("users", Indexes.descending("createdAt"))
                    .index("users", Indexes.ascending("email"), new IndexOptions().unique(true)).build().run();

            assertThat(result.outcome()).isEqualTo(Outcome.NO_OP);
            assertThat(commands).containsExactly("find BsonString{value='" + MongoLedger.COLLECTION + "'}");
        }
    }

    @Test
    @DisplayName("a release that adds an index declaration gets it created at its first start, with no step to run")
    void addedDeclarationIsEnsuredWithoutSteps() {
        chain(mongo.client()).index("users", Indexes.ascending("email")).build().run();
        List<String> commands = new CopyOnWriteArrayList<>();
        try (MongoClient listening = listeningClient(commands)) {

            var result = chain(listening).index("users", Indexes.ascending("email"))
                    .index("users", Indexes.ascending("tenantId")).build().run();

            assertThat(result.outcome()).isEqualTo(Outcome.NO_OP);
            assertThat(result.stepsApplied()).isEmpty();
            assertThat(commands).anyMatch(c -> c.startsWith("createIndexes"));
        }
        assertThat(mongo.client().getDatabase(mongo.database()).getCollection("users").listIndexes()
                .map(d -> d.getString("name")).into(new java.util.ArrayList<>()))
                .containsExactlyInAnyOrder("_id_", "email_1", "tenantId_1");
        commands.clear();
        try (MongoClient listening = listeningClient(commands)) {
            chain(listening).index("users", Indexes.ascending("tenantId"))
                    .index("users", Indexes.ascending("email")).build().run();
            assertThat(commands).hasSize(1);
        }
    }

    private MongoClient listeningClient(List<String> commands) {
        return mongo.recordingClient(event -> commands.add(event.getCommandName() + " "
                + event.getCommand().get(event.getCommandName())));
    }

    static Stream<Document> corruptLedgers() {
        return Stream.of(
                ledger().append("currentVersion", 5),
                ledger().append("currentVersion", "one.two"),
                ledger().append("currentVersion", "v1.0.0"),
                new Document("_id", "smartmigration").append("currentVersion", "1.0.0"),
                ledger().append("schemaVersion", 2).append("currentVersion", "1.0.0"),
                ledger().append("schemaVersion", "1").append("currentVersion", "1.0.0"),
                ledger().append("currentVersion", "1.0.0").append("history", "not a list"),
                ledger().append("currentVersion", "1.0.0").append("history", List.of(new Document("from", "1.0.0"))),
                ledger().append("currentVersion", "1.0.0").append("history", List.of("text")),
                ledger().append("currentVersion", "1.0.0").append("lock", "held"),
                ledger().append("currentVersion", "1.0.0").append("lock", new Document("owner", "x")),
                ledger().append("currentVersion", "1.0.0").append("checkpoint",
                        new Document("stepId", "a").append("data", new Document("k", 1))));
    }

    private static Document ledger() {
        return new Document("_id", "smartmigration").append("schemaVersion", 1);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corruptLedgers")
    @DisplayName("a corrupt ledger document is LEDGER_CORRUPT and is left exactly as it was")
    void corruptLedgerIsNeverOverwritten(Document corrupt) {
        var collection = mongo.client().getDatabase(mongo.database()).getCollection(MongoLedger.COLLECTION);
        collection.insertOne(corrupt);
        Document before = collection.find().first();
        SmartMigration migration = chain(mongo.client()).build();

        assertThatThrownBy(migration::run).isInstanceOfSatisfying(SmartMigrationException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.LEDGER_CORRUPT))
                .hasMessageContaining(mongo.database() + "." + MongoLedger.COLLECTION)
                .hasMessageContaining("Nothing was changed");
        assertThatThrownBy(migration::plan).isInstanceOfSatisfying(SmartMigrationException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.LEDGER_CORRUPT));
        assertThat(collection.find().first()).isEqualTo(before);
        assertThat(mongo.client().getDatabase(mongo.database()).listCollectionNames()).containsOnly(MongoLedger.COLLECTION);
    }

    @Test
    @DisplayName("an unreachable server is LEDGER_UNAVAILABLE naming its address")
    void unreachableServer() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        try (MongoClient unreachable = MongoClients.create(MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString("mongodb://127.0.0.1:" + closedPort))
                .applyToClusterSettings(c -> c.serverSelectionTimeout(300, TimeUnit.MILLISECONDS)).build())) {

            assertThatThrownBy(() -> chain(unreachable).build().run())
                    .isInstanceOfSatisfying(SmartMigrationException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.LEDGER_UNAVAILABLE))
                    .hasMessageContaining("127.0.0.1:" + closedPort);
        }
    }

    @Test
    @DisplayName("LEDGER_UNAVAILABLE from a read says it could not read the ledger, and asks for read permission only")
    void unreachableServerOnRead() {
        try (MongoTestBackend.Unreachable unreachable = MongoTestBackend.Unreachable.open()) {

            assertThatThrownBy(() -> chain(unreachable.client()).build().status())
                    .isInstanceOfSatisfying(SmartMigrationException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.LEDGER_UNAVAILABLE))
                    .hasMessageStartingWith("[LEDGER_UNAVAILABLE] could not read the ledger (Mongo ledger 'smartmigration'")
                    .hasMessageContaining(unreachable.address())
                    .hasMessageNotContaining("ledger of the")
                    .hasMessageContaining("may read " + mongo.database() + "." + MongoLedger.COLLECTION)
                    .hasMessageNotContaining("write");
        }
    }

    @Test
    @DisplayName("a step asking for S3 on a Mongo-only runner is INVALID_CONFIG saying what to configure")
    void s3NotConfigured() {
        SmartMigration migration = SmartMigration.builder().targetVersion("1.1.0").mongo(mongo.client(), mongo.database())
                .step("needs-s3").from("1.0.0").to("1.1.0").up(ctx -> ctx.s3()).build();

        assertThatThrownBy(migration::run).isInstanceOfSatisfying(SmartMigrationException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.INVALID_CONFIG);
            assertThat(((SmartMigrationException) e.getCause()).code()).isEqualTo(ErrorCode.INVALID_CONFIG);
        }).hasMessageContaining(".s3(s3Client, \"bucket\")");
    }
}
