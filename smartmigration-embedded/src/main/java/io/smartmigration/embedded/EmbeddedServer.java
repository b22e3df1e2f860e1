package io.smartmigration.embedded;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;

/**
 * The lifecycle both embedded servers ({@link EmbeddedMongo}, {@link EmbeddedS3}) share: started
 * on build, {@link #stop()} keeps the data and the port for a later {@link #start()} (an outage),
 * {@link #close()} ends it for good; a port of 0 picks a free one, which is then kept. Not meant
 * to be extended outside this package (its constructor and hooks are package-private).
 *
 * <pre>{@code
 * EmbeddedMongo mongo = EmbeddedMongo.inMemory();
 * mongo.stop();    // clients now fail to connect; the data stays
 * mongo.start();   // same port, same data
 * mongo.close();
 * }</pre>
 *
 * @param <S> the server type, returned by {@link #start()}
 */
public abstract class EmbeddedServer<S extends EmbeddedServer<S>> implements AutoCloseable {

    static final String HOST = "127.0.0.1";

    private final String kind;
    private final Logger log;
    private final Optional<Path> storage;
    private int port;
    private boolean running;
    private boolean closed;

    EmbeddedServer(String kind, Logger log, Optional<Path> storage, int port) {
        this.kind = kind;
        this.log = log;
        this.storage = storage;
        this.port = port;
    }

    /** Binds the server to {@code port} on {@link #HOST} (0: any free port) and returns the port bound. */
    abstract int bind(int port);

    /** Stops the bound server, keeping its store. */
    abstract void unbind();

    /** Releases the store for good (an in-memory store is dropped, a file or folder closed). */
    abstract void release();

    /** How the data is kept, for logs and {@code toString()}. */
    abstract String storageDescription();

    @SuppressWarnings("unchecked")
    private S self() {
        return (S) this;
    }

    /**
     * Starts the server again after {@link #stop()}, on the same port and with the same data.
     * Does nothing when it is already running.
     *
     * @throws IllegalStateException when the server was closed or cannot bind its port
     */
    public synchronized S start() {
        if (closed) {
            throw new IllegalStateException(kind + " on port " + port + " is closed; start a new one");
        }
        if (running) {
            return self();
        }
        long started = System.nanoTime();
        port = bind(port);
        running = true;
        log.debug("{} ({}) listening on port {} after {} ms", kind, storageDescription(), port,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        return self();
    }

    /**
     * Stops listening and drops every client connection, keeping the data for a later
     * {@link #start()} on the same port. Does nothing when already stopped.
     */
    public synchronized void stop() {
        if (!running) {
            return;
        }
        try {
            unbind();
        } finally {
            running = false;
        }
        log.debug("{} on port {} stopped", kind, port);
    }

    /** Stops the server for good and releases its store. */
    @Override
    public synchronized void close() {
        stop();
        if (!closed) {
            closed = true;
            release();
        }
    }

    /** Whether the server currently accepts connections. */
    public synchronized boolean isRunning() {
        return running;
    }

    /** The TCP port on {@code 127.0.0.1} (kept across {@link #stop()} and {@link #start()}). */
    public synchronized int port() {
        return port;
    }

    Optional<Path> storage() {
        return storage;
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + address() + ", " + storageDescription()
                + (isRunning() ? "" : ", stopped") + "]";
    }

    /** The address clients use, for {@code toString()}. */
    abstract String address();

    /**
     * The options both builders share: a fixed port, and a path that keeps the data.
     *
     * @param <B> the builder type
     */
    public abstract static class Builder<B extends Builder<B>> {
        Optional<Path> storage = Optional.empty();
        int port;

        Builder() {
        }

        @SuppressWarnings("unchecked")
        private B self() {
            return (B) this;
        }

        /** The port to bind on {@code 127.0.0.1}; {@code 0} (the default) picks a free one. */
        public B port(int port) {
            if (port < 0 || port > 65_535) {
                throw new IllegalArgumentException("port must be between 0 and 65535, got " + port);
            }
            this.port = port;
            return self();
        }

        B storage(Path path, String what) {
            this.storage = Optional.of(Objects.requireNonNull(path, what));
            return self();
        }
    }
}
