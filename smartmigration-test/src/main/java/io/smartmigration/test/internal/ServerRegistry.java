package io.smartmigration.test.internal;

import com.mongodb.client.MongoClient;
import io.smartmigration.test.Backend;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.opentest4j.TestAbortedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The servers of one test run, in the root store: each started on first use, shared by every
 * test, stopped when the run ends. Also answers, once per run, whether Docker is there.
 */
public final class ServerRegistry implements ExtensionContext.Store.CloseableResource, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger("io.smartmigration.test");

    private final Map<ServerKind, Server<MongoClient>> mongo = new EnumMap<>(ServerKind.class);
    private final Map<ServerKind, Server<S3Client>> s3 = new EnumMap<>(ServerKind.class);
    private Boolean docker;
    private boolean skipLogged;

    public static ServerRegistry of(ExtensionContext context) {
        return context.getRoot().getStore(MigrationTestExtension.NAMESPACE)
                .getOrComputeIfAbsent(ServerRegistry.class, k -> new ServerRegistry(), ServerRegistry.class);
    }

    public synchronized boolean dockerAvailable() {
        if (docker == null) {
            long t0 = System.nanoTime();
            docker = ContainerBackend.dockerAvailable();
            LOG.debug("Docker engine {} ({} ms)", docker ? "found" : "not found", (System.nanoTime() - t0) / 1_000_000);
        }
        return docker;
    }

    /** Logs, once per run, why CONTAINERS tests are skipped. */
    synchronized void logSkip(String reason) {
        if (!skipLogged) {
            skipLogged = true;
            LOG.info("smartmigration-test: {}", reason);
        }
    }

    public synchronized Server<MongoClient> mongo(Backend requested, Settings settings) {
        ServerKind kind = resolve(requested, ExternalBackend.mongoUri(settings).isPresent(), "MongoDB",
                Settings.MONGO_URI);
        return mongo.computeIfAbsent(kind, k -> start("MongoDB", requested, k, kk -> switch (kk) {
            case EMBEDDED -> EmbeddedBackend.mongo();
            case CONTAINERS -> ContainerBackend.mongo(settings);
            case EXTERNAL -> ExternalBackend.mongo(settings);
        }));
    }

    public synchronized Server<S3Client> s3(Backend requested, Settings settings) {
        ServerKind kind = resolve(requested, ExternalBackend.s3Endpoint(settings).isPresent(), "S3",
                Settings.S3_ENDPOINT);
        return s3.computeIfAbsent(kind, k -> start("S3", requested, k, kk -> switch (kk) {
            case EMBEDDED -> EmbeddedBackend.s3();
            case CONTAINERS -> ContainerBackend.s3(settings);
            case EXTERNAL -> ExternalBackend.s3(settings);
        }));
    }

    /** Throws the configuration error of a backend EXTERNAL without the endpoint it needs. */
    void requireEndpoint(Backend requested, Settings settings, boolean mongoEndpoint) {
        if (requested == Backend.EXTERNAL) {
            if (mongoEndpoint) {
                resolve(requested, ExternalBackend.mongoUri(settings).isPresent(), "MongoDB", Settings.MONGO_URI);
            } else {
                resolve(requested, ExternalBackend.s3Endpoint(settings).isPresent(), "S3", Settings.S3_ENDPOINT);
            }
        }
    }

    private ServerKind resolve(Backend requested, boolean externalConfigured, String what, String property) {
        return switch (requested) {
            case EMBEDDED -> ServerKind.EMBEDDED;
            case CONTAINERS -> {
                if (!dockerAvailable()) {
                    throw new TestAbortedException(MigrationTestExtension.NO_DOCKER);
                }
                yield ServerKind.CONTAINERS;
            }
            case EXTERNAL -> {
                if (!externalConfigured) {
                    throw new ExtensionConfigurationException("backend EXTERNAL needs the " + what + " endpoint: set "
                            + property + " (system property or JUnit configuration parameter) or the environment"
                            + " variable " + Settings.envName(property) + ", or use another backend");
                }
                yield ServerKind.EXTERNAL;
            }
            case AUTO -> externalConfigured ? ServerKind.EXTERNAL
                    : dockerAvailable() ? ServerKind.CONTAINERS : ServerKind.EMBEDDED;
        };
    }

    private <C> Server<C> start(String what, Backend requested, ServerKind kind,
                                Function<ServerKind, Server<C>> starter) {
        long t0 = System.nanoTime();
        Server<C> server = starter.apply(kind);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        String why = requested != Backend.AUTO ? "requested" : switch (kind) {
            case EXTERNAL -> "AUTO: an external endpoint is configured";
            case CONTAINERS -> "AUTO: a Docker engine answers";
            case EMBEDDED -> "AUTO: no external endpoint configured and no Docker engine";
        };
        LOG.info("smartmigration-test: {} backend {} ({}): {}, started in {} ms", what, kind, why,
                server.description(), ms);
        return server;
    }

    @Override
    public synchronized void close() {
        mongo.values().forEach(Server::close);
        s3.values().forEach(Server::close);
        mongo.clear();
        s3.clear();
    }
}
