package io.smartmigration.embedded;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import org.h2.mvstore.MVStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An in-process MongoDB wire-protocol server (mongo-java-server) bound to {@code 127.0.0.1}.
 *
 * <p>Two storage flavours:
 * <ul>
 *   <li>{@link #inMemory()}: the memory backend, fastest (a warm start takes a few milliseconds);</li>
 *   <li>{@link #persistent(Path)}: the H2 MVStore backend on a file, so the data outlives the
 *       server and the process (start another server on the same file to read it back);
 *       {@link Builder#readOnly()} serves such a file without ever writing to it.</li>
 * </ul>
 *
 * <pre>{@code
 * try (EmbeddedMongo mongo = EmbeddedMongo.inMemory();
 *      MongoClient client = mongo.newClient()) {
 *   client.getDatabase("app").getCollection("users").insertOne(new Document("_id", 1));
 * }
 * }</pre>
 *
 * <p>Outage simulation: {@link #stop()} closes the port and drops every connection but keeps
 * the data (in memory, or on the file); {@link #start()} serves it again on the same port.
 * A server can also be started on a given port with {@link Builder#port(int)}.
 *
 * <p>Limits of the server (not of this wrapper): no sessions or transactions (the first
 * operation on a {@code ClientSession} fails), no {@code hello} command (never set a
 * {@code ServerApi} on the client), partial and TTL indexes are accepted but ignored.
 * Its wire layer logs an ERROR per duplicate-key error: set {@code de.bwaldvogel.mongo.wire} to
 * OFF in test logging (this library configures no logging). {@code MongoServer} logs a WARN
 * "Closing N clients" when it drops connections, as {@link #stop()} and {@link #close()} do;
 * {@link #awaitClientsGone(Duration)} after closing the clients avoids it.
 */
public final class EmbeddedMongo extends EmbeddedServer<EmbeddedMongo> {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedMongo.class);

    private final RetainingMemoryBackend memory;
    private final boolean readOnly;
    private final ClientChannels channels = new ClientChannels();
    private MongoServer server;

    private EmbeddedMongo(Builder builder) {
        super("Embedded MongoDB", LOG, builder.storage, builder.port);
        this.readOnly = builder.readOnly;
        this.memory = builder.storage.isPresent() ? null : new RetainingMemoryBackend();
    }

    /** Starts an in-memory server on a random free port of {@code 127.0.0.1}. */
    public static EmbeddedMongo inMemory() {
        return builder().build();
    }

    /**
     * Starts a server storing its data in the H2 MVStore file {@code file} (created with its
     * parent folders if missing), on a random free port of {@code 127.0.0.1}.
     */
    public static EmbeddedMongo persistent(Path file) {
        return builder().persistent(file).build();
    }

    /** A builder for a server with a fixed port or a persistent file. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    int bind(int port) {
        MongoBackend backend = channels.tracking(memory != null ? memory : openH2(file().orElseThrow(), readOnly));
        MongoServer candidate = new MongoServer(backend);
        try {
            candidate.bind(HOST, port);
        } catch (RuntimeException e) {
            candidate.shutdownNow();
            throw new IllegalStateException("Cannot bind the embedded MongoDB server to " + HOST + ":" + port
                    + " (is the port in use?): " + e.getMessage(), e);
        }
        server = candidate;
        return candidate.getLocalAddress().getPort();
    }

    @Override
    void unbind() {
        if (memory != null) {
            memory.retain = true;
        }
        try {
            server.shutdownNow();
        } finally {
            server = null;
            if (memory != null) {
                memory.retain = false;
            }
        }
    }

    /**
     * Waits until every client connection this server has served has hung up, at most {@code limit}:
     * a closed {@code MongoClient} closes its monitor connection a moment after {@code close()}
     * returns. Call it after closing your clients and before {@link #close()}, which drops the
     * connections still open (and {@code MongoServer} logs that at WARN).
     *
     * <pre>{@code
     * client.close();
     * mongo.awaitClientsGone(Duration.ofSeconds(10));
     * mongo.close();
     * }</pre>
     *
     * @return whether no connection is left
     */
    public boolean awaitClientsGone(Duration limit) {
        return channels.awaitNone(limit);
    }

    @Override
    void release() {
        if (memory != null) {
            memory.close();
        }
    }

    @Override
    String storageDescription() {
        return file().map(f -> "file " + f).orElse("in memory");
    }

    @Override
    String address() {
        return connectionString();
    }

    /** The connection string, e.g. {@code mongodb://127.0.0.1:27017}. */
    public String connectionString() {
        return "mongodb://" + HOST + ":" + port();
    }

    /** The persistent file, empty for an in-memory server. */
    public Optional<Path> file() {
        return storage();
    }

    /**
     * Client settings for this server with short timeouts suitable for tests (server selection
     * and connect 3 s, socket read 10 s), to be customised further; no {@code ServerApi}.
     */
    public MongoClientSettings.Builder clientSettings() {
        return MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString(connectionString()))
                .applicationName("smartmigration-embedded")
                .applyToClusterSettings(c -> c.serverSelectionTimeout(3, TimeUnit.SECONDS))
                .applyToSocketSettings(s -> s.connectTimeout(3, TimeUnit.SECONDS)
                        .readTimeout((int) Duration.ofSeconds(10).toMillis(), TimeUnit.MILLISECONDS));
    }

    /** A new client for this server with {@link #clientSettings()}; the caller closes it. */
    public MongoClient newClient() {
        return MongoClients.create(clientSettings().build());
    }

    private static H2Backend openH2(Path file, boolean readOnly) {
        if (readOnly) {
            if (!Files.isRegularFile(file)) {
                throw new IllegalStateException("There is no embedded MongoDB H2 file at " + file.toAbsolutePath()
                        + " to open read-only");
            }
            try {
                return new ReadOnlyH2Backend(new MVStore.Builder().fileName(file.toAbsolutePath().toString()).readOnly()
                        .open());
            } catch (RuntimeException e) {
                throw new IllegalStateException("Cannot open the embedded MongoDB H2 file " + file + " read-only (is a"
                        + " running server using it? it holds the file until it stops): " + e.getMessage(), e);
            }
        }
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            return new H2Backend(file.toAbsolutePath().toString());
        } catch (Exception e) {
            throw new IllegalStateException("Cannot open the embedded MongoDB H2 file " + file
                    + " (is another server using it, or is it not an H2 MVStore file?): " + e.getMessage(), e);
        }
    }

    /**
     * An H2 backend on a store opened read-only that also refuses every command that would change data
     * (the read-only store would otherwise accept changes in memory and only drop them on close).
     */
    private static final class ReadOnlyH2Backend extends H2Backend {
        private static final java.util.Set<String> WRITES = java.util.Set.of("insert", "update", "delete",
                "findandmodify", "createindexes", "dropindexes", "create", "drop", "dropdatabase", "renamecollection",
                "collmod", "converttocapped", "reindex", "compact", "applyops");

        ReadOnlyH2Backend(MVStore store) {
            super(store);
        }

        @Override
        public de.bwaldvogel.mongo.bson.Document handleCommand(io.netty.channel.Channel channel, String database,
                                                               String command, de.bwaldvogel.mongo.bson.Document query) {
            boolean writingAggregate = command.equalsIgnoreCase("aggregate") && String.valueOf(query.get("pipeline"))
                    .matches("(?s).*\\$(out|merge)\\b.*");
            if (WRITES.contains(command.toLowerCase(java.util.Locale.ROOT)) || writingAggregate) {
                throw new de.bwaldvogel.mongo.exception.MongoServerError(20 /* IllegalOperation */,
                        "this embedded server serves its data file read-only: '" + command + "' is refused");
            }
            return super.handleCommand(channel, database, command, query);
        }
    }

    /** A memory backend whose data survives {@link MongoServer#shutdownNow()} while {@code retain} is set. */
    private static final class RetainingMemoryBackend extends MemoryBackend {
        private volatile boolean retain;

        @Override
        public void close() {
            if (!retain) {
                super.close();
            }
        }
    }

    /** Builds and starts an {@link EmbeddedMongo}. */
    public static final class Builder extends EmbeddedServer.Builder<Builder> {
        private boolean readOnly;

        private Builder() {
        }

        /**
         * With {@link #persistent(Path)}: serves the existing file without writing to it (the store is
         * opened read-only, and every command that would change data is refused), for tools that look
         * at the data of an application that is stopped. The file must exist; a server still running on
         * it holds it.
         *
         * <pre>{@code
         * try (EmbeddedMongo data = EmbeddedMongo.builder().persistent(Path.of(".smartmigration-data/mongo/data.mv.db"))
         *         .readOnly().build()) { ... }
         * }</pre>
         */
        public Builder readOnly() {
            this.readOnly = true;
            return this;
        }

        /** Stores the data in the H2 MVStore file {@code file} instead of memory. */
        public Builder persistent(Path file) {
            return storage(file, "file");
        }

        /** Starts the server. */
        public EmbeddedMongo build() {
            if (readOnly && storage.isEmpty()) {
                throw new IllegalStateException("readOnly() needs persistent(file): an in-memory server has nothing to read");
            }
            return new EmbeddedMongo(this).start();
        }
    }
}
