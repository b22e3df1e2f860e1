package io.smartmigration.cli;

import io.smartmigration.SmartMigration;
import io.smartmigration.scenarios.MongoTestBackend;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;
import org.bson.Document;

/** Core's in-memory Mongo test backend, one database per test, as the CLI reaches it. */
final class MongoFixture implements LedgerFixture {

    private final MongoTestBackend backend = new MongoTestBackend("cli_");

    @Override
    public void newNamespace() {
        backend.newNamespace();
    }

    @Override
    public SmartMigration.Builder configure(SmartMigration.Builder builder) {
        return backend.configure(builder);
    }

    @Override
    public void writeAppData() {
        backend.writeAppData();
    }

    @Override
    public List<String> ledgerOptions() {
        return List.of("--mongo-uri", backend.server().connectionString(), "--database", backend.database());
    }

    @Override
    public Map<String, String> env() {
        return Map.of();
    }

    @Override
    public void writeCorruptLedger() {
        backend.client().getDatabase(backend.database()).getCollection("smartmigration_ledger")
                .insertOne(new Document("_id", "smartmigration").append("schemaVersion", 1).append("currentVersion", 7)
                        .append("lock", new Document("owner", "crashed-pod").append("token", "t-1").append("host", "h")
                                .append("acquiredAt", new java.util.Date()).append("expiresAt", new java.util.Date())));
    }

    @Override
    public String rawLedger() {
        Document ledger = backend.client().getDatabase(backend.database()).getCollection("smartmigration_ledger")
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
        backend.close();
    }

    @Override
    public String toString() {
        return backend.toString();
    }
}
