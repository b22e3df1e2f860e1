package io.smartmigration.scenarios;

import com.mongodb.client.MongoClient;
import io.smartmigration.SmartMigration;
import io.smartmigration.embedded.EmbeddedMongo;
import java.util.concurrent.atomic.AtomicInteger;
import org.bson.Document;

/**
 * The embedded MongoDB server in memory, in-process; one database per test. Shared with the
 * CLI's tests (core's test jar).
 */
public final class MongoTestBackend implements TestBackend {

    private static final AtomicInteger DATABASES = new AtomicInteger();

    private final EmbeddedMongo server = EmbeddedMongo.inMemory();
    private final MongoClient client = server.newClient();
    private final String prefix;
    private String database;

    public MongoTestBackend() {
        this("scenario_");
    }

    /** @param prefix the start of each test's database name */
    public MongoTestBackend(String prefix) {
        this.prefix = prefix;
    }

    /** A new client for this server; the caller closes it. */
    public MongoClient newClient() {
        return server.newClient();
    }

    /** A new client for this server that hands every command it starts to {@code commands}; the caller closes it. */
    public MongoClient recordingClient(java.util.function.Consumer<com.mongodb.event.CommandStartedEvent> commands) {
        return com.mongodb.client.MongoClients.create(server.clientSettings()
                .addCommandListener(new com.mongodb.event.CommandListener() {
                    @Override
                    public void commandStarted(com.mongodb.event.CommandStartedEvent event) {
                        commands.accept(event);
                    }
                }).build());
    }

    /** A client to a port of 127.0.0.1 nobody listens on, giving up server selection after 300 ms. */
    public record Unreachable(MongoClient client, String address) implements AutoCloseable {
        public static Unreachable open() {
            int port;
            try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
                port = socket.getLocalPort();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            String address = "127.0.0.1:" + port;
            return new Unreachable(com.mongodb.client.MongoClients.create(com.mongodb.MongoClientSettings.builder()
                    .applyConnectionString(new com.mongodb.ConnectionString("mongodb://" + address))
                    .applyToClusterSettings(c -> c.serverSelectionTimeout(300, java.util.concurrent.TimeUnit.MILLISECONDS))
                    .build()), address);
        }

        @Override
        public void close() {
            client.close();
        }
    }

    public MongoClient client() {
        return client;
    }

    public String database() {
        return database;
    }

    public EmbeddedMongo server() {
        return server;
    }

    @Override
    public void newNamespace() {
        database = prefix + DATABASES.incrementAndGet();
    }

    @Override
    public SmartMigration.Builder configure(SmartMigration.Builder builder) {
        return builder.mongo(client, database);
    }

    @Override
    public void writeAppData() {
        client.getDatabase(database).getCollection("users").insertOne(new Document("_id", 1).append("name", "existing"));
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
