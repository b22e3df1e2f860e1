package io.smartmigration.cli;

import com.mongodb.client.MongoClient;
import io.smartmigration.SmartMigration;
import io.smartmigration.embedded.EmbeddedMongo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.bson.Document;

/** The embedded MongoDB server in memory; one database per test. */
final class MongoFixture implements LedgerFixture {

    private static final AtomicInteger DATABASES = new AtomicInteger();

    private final EmbeddedMongo server = EmbeddedMongo.inMemory();
    private final MongoClient client = server.newClient();
    private String database;

    @Override
    public void newNamespace() {
        database = "cli_" + DATABASES.incrementAndGet();
    }

    @Override
    public SmartMigration.Builder configure(SmartMigration.Builder builder) {
        return builder.mongo(client, database);
    }

    @Override
    public List<String> ledgerOptions() {
        return List.of("--mongo-uri", server.connectionString(), "--database", database);
    }

    @Override
    public Map<String, String> env() {
        return Map.of();
    }

    @Override
    public void writeCorruptLedger() {
        client.getDatabase(database).getCollection("smartmigration_ledger")
                .insertOne(new Document("_id", "smartmigration").append("schemaVersion", 1).append("currentVersion", 7)
                        .append("lock", new Document("owner", "crashed-pod").append("token", "t-1").append("host", "h")
                                .append("acquiredAt", new java.util.Date()).append("expiresAt", new java.util.Date())));
    }

    @Override
    public String rawLedger() {
        Document ledger = client.getDatabase(database).getCollection("smartmigration_ledger")
                .find(new Document("_id", "smartmigration")).first();
        return ledger == null ? "" : ledger.toJson();
    }

    @Override
    public List<String> unreachableOptions() {
        return List.of("--mongo-uri", "mongodb://127.0.0.1:" + freePort(), "--database", "db", "--timeout", "1");
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        client.close();
        server.close();
    }

    @Override
    public String toString() {
        return "Mongo ledger";
    }
}
