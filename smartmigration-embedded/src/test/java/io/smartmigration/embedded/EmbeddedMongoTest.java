package io.smartmigration.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.MongoCommandException;
import com.mongodb.MongoTimeoutException;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Updates;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
@DisplayName("EmbeddedMongo")
class EmbeddedMongoTest {

    @Test
    @DisplayName("starts on a free port of 127.0.0.1 and releases it when stopped")
    void startsAndStops() {
        EmbeddedMongo mongo = EmbeddedMongo.inMemory();
        int port = mongo.port();
        assertThat(port).isPositive();
        assertThat(mongo.connectionString()).isEqualTo("mongodb://127.0.0.1:" + port);
        assertThat(mongo.isRunning()).isTrue();
        assertThat(accepts(port)).isTrue();

        mongo.close();

        assertThat(mongo.isRunning()).isFalse();
        assertThat(accepts(port)).isFalse();
    }

    @Test
    @DisplayName("stores and reads back a document")
    void documentRoundTrip() {
        try (EmbeddedMongo mongo = EmbeddedMongo.inMemory(); MongoClient client = mongo.newClient()) {
            MongoCollection<Document> users = client.getDatabase("app").getCollection("users");

            users.insertOne(new Document("_id", 1).append("name", "ada").append("tags", List.of("a", "b")));

            assertThat(users.find(Filters.eq("_id", 1)).first())
                    .isEqualTo(new Document("_id", 1).append("name", "ada").append("tags", List.of("a", "b")));
        }
    }

    @Test
    @DisplayName("lets exactly one of 8 racing conditional upserts on one _id win, the others get duplicate key 11000")
    void conditionalUpsertRaceHasOneWinner() throws Exception {
        try (EmbeddedMongo mongo = EmbeddedMongo.inMemory(); MongoClient client = mongo.newClient()) {
            MongoCollection<Document> ledger = client.getDatabase("app").getCollection("ledger");
            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                for (int round = 0; round < 10; round++) {
                    String id = "ledger-" + round;
                    CountDownLatch gate = new CountDownLatch(1);
                    List<Future<String>> outcomes = new ArrayList<>();
                    for (int t = 0; t < 8; t++) {
                        String owner = "owner-" + t;
                        outcomes.add(pool.submit(tryLock(ledger, id, owner, gate)));
                    }
                    gate.countDown();
                    List<String> results = new ArrayList<>();
                    for (Future<String> outcome : outcomes) {
                        results.add(outcome.get(10, TimeUnit.SECONDS));
                    }

                    List<String> winners = results.stream().filter(r -> r.startsWith("owner-")).toList();
                    assertThat(winners).as("winners of round %d", round).hasSize(1);
                    assertThat(results).filteredOn("duplicate-key"::equals).hasSize(7);
                    assertThat(ledger.find(Filters.eq("_id", id)).first().get("lock", Document.class).getString("owner"))
                            .isEqualTo(winners.get(0));
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    @DisplayName("serves a persistent file read-only: the data reads back, a write fails, the file is unchanged")
    void readOnlyServesTheFileWithoutWriting(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("mongo/data.mv.db");
        try (EmbeddedMongo mongo = EmbeddedMongo.persistent(file); MongoClient client = mongo.newClient()) {
            client.getDatabase("app").getCollection("users").insertOne(new Document("_id", 1).append("name", "a"));
        }
        byte[] before = java.nio.file.Files.readAllBytes(file);

        try (EmbeddedMongo mongo = EmbeddedMongo.builder().persistent(file).readOnly().build();
             MongoClient client = mongo.newClient()) {
            MongoCollection<Document> users = client.getDatabase("app").getCollection("users");
            assertThat(users.find().first()).isEqualTo(new Document("_id", 1).append("name", "a"));
            assertThatThrownBy(() -> users.insertOne(new Document("_id", 2))).isInstanceOf(com.mongodb.MongoException.class);
        }

        assertThat(java.nio.file.Files.readAllBytes(file)).isEqualTo(before);
    }

    @Test
    @DisplayName("read-only needs an existing file, and refuses one a running server holds")
    void readOnlyNeedsAFreeExistingFile(@TempDir Path dir) {
        Path file = dir.resolve("data.mv.db");
        assertThatThrownBy(() -> EmbeddedMongo.builder().persistent(file).readOnly().build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("no embedded MongoDB H2 file");
        try (EmbeddedMongo running = EmbeddedMongo.persistent(file)) {
            assertThatThrownBy(() -> EmbeddedMongo.builder().persistent(file).readOnly().build())
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("read-only");
        }
    }

    @Test
    @DisplayName("keeps the data of a persistent server in its file across a restart")
    void persistentSurvivesRestart(@TempDir Path dir) {
        Path file = dir.resolve("nested/mongo.mv.db");
        try (EmbeddedMongo mongo = EmbeddedMongo.persistent(file); MongoClient client = mongo.newClient()) {
            client.getDatabase("app").getCollection("users").insertOne(new Document("_id", 7).append("name", "grace"));
        }

        try (EmbeddedMongo mongo = EmbeddedMongo.persistent(file); MongoClient client = mongo.newClient()) {
            assertThat(mongo.file()).contains(file);
            assertThat(client.getDatabase("app").getCollection("users").find().into(new ArrayList<>()))
                    .containsExactly(new Document("_id", 7).append("name", "grace"));
        }
    }

    @Test
    @DisplayName("serves the same in-memory data on the same port after stop and start, and clients reconnect")
    void restartsOnSamePort() {
        try (EmbeddedMongo mongo = EmbeddedMongo.inMemory(); MongoClient client = mongo.newClient()) {
            MongoCollection<Document> users = client.getDatabase("app").getCollection("users");
            users.insertOne(new Document("_id", 1));
            int port = mongo.port();

            mongo.stop();
            assertThat(accepts(port)).isFalse();
            assertThatThrownBy(() -> client.getDatabase("app").getCollection("users")
                    .withTimeout(500, TimeUnit.MILLISECONDS).countDocuments())
                    .isInstanceOf(MongoTimeoutException.class);

            mongo.start();

            assertThat(mongo.port()).isEqualTo(port);
            assertThat(users.countDocuments()).isEqualTo(1);
        }
    }

    @Test
    @DisplayName("GIVEN its clients closed WHEN awaitClientsGone THEN every connection has hung up, and close() drops none")
    void awaitClientsGoneAfterClose() {
        try (EmbeddedMongo mongo = EmbeddedMongo.inMemory()) {
            MongoClient client = mongo.newClient();
            client.getDatabase("app").getCollection("users").insertOne(new Document("_id", 1));
            client.close();

            assertThat(mongo.awaitClientsGone(Duration.ofSeconds(20))).isTrue();
        }
    }

    @Test
    @DisplayName("GIVEN a client left open WHEN awaitClientsGone THEN it says so once the limit has passed")
    void awaitClientsGoneWithAnOpenClient() {
        try (EmbeddedMongo mongo = EmbeddedMongo.inMemory(); MongoClient client = mongo.newClient()) {
            client.getDatabase("app").getCollection("users").insertOne(new Document("_id", 1));

            assertThat(mongo.awaitClientsGone(Duration.ofMillis(200))).isFalse();
        }
    }

    @Test
    @DisplayName("starts a new server on a given port")
    void startsOnGivenPort() {
        int port;
        try (EmbeddedMongo first = EmbeddedMongo.inMemory()) {
            port = first.port();
        }
        try (EmbeddedMongo second = EmbeddedMongo.builder().port(port).build(); MongoClient client = second.newClient()) {
            assertThat(second.port()).isEqualTo(port);
            assertThat(client.getDatabase("admin").runCommand(new Document("ping", 1)).get("ok"))
                    .isIn(1, 1.0);
        }
    }

    @Test
    @DisplayName("refuses to start again once closed")
    void closedCannotStart() {
        EmbeddedMongo mongo = EmbeddedMongo.inMemory();
        mongo.close();

        assertThatThrownBy(mongo::start).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    }

    private static Callable<String> tryLock(MongoCollection<Document> ledger, String id, String owner,
                                            CountDownLatch gate) {
        return () -> {
            gate.await();
            try {
                Document after = ledger.findOneAndUpdate(
                        Filters.and(Filters.eq("_id", id), Filters.eq("lock", null)),
                        Updates.set("lock", new Document("owner", owner)),
                        new FindOneAndUpdateOptions().upsert(true).returnDocument(ReturnDocument.AFTER));
                return after.get("lock", Document.class).getString("owner");
            } catch (MongoCommandException e) {
                return e.getErrorCode() == 11000 ? "duplicate-key" : "error " + e.getErrorCode();
            } catch (MongoWriteException e) {
                return e.getError().getCode() == 11000 ? "duplicate-key" : "error " + e.getError().getCode();
            }
        };
    }

    static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
