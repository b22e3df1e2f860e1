package io.smartmigration.scenarios;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.smartmigration.SmartMigration;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.bson.Document;

/** mongo-java-server in memory, in-process; one database per test. */
public final class MongoTestBackend implements TestBackend {

    private static final AtomicInteger DATABASES = new AtomicInteger();

    private final MongoServer server;
    private final MongoClient client;
    private final String connectionString;
    private String database;

    public MongoTestBackend() {
        server = new MongoServer(new MemoryBackend());
        InetSocketAddress address = server.bind();
        connectionString = "mongodb://127.0.0.1:" + address.getPort();
        client = newClient();
    }

    public MongoClient newClient() {
        return MongoClients.create(MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString(connectionString))
                .applyToClusterSettings(c -> c.serverSelectionTimeout(5, TimeUnit.SECONDS))
                .applyToSocketSettings(s -> s.connectTimeout(2, TimeUnit.SECONDS))
                .build());
    }

    public MongoClient client() {
        return client;
    }

    public String database() {
        return database;
    }

    public MongoServer server() {
        return server;
    }

    @Override
    public void newNamespace() {
        database = "scenario_" + DATABASES.incrementAndGet();
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
        server.shutdownNow();
    }

    @Override
    public String toString() {
        return "Mongo ledger";
    }
}
