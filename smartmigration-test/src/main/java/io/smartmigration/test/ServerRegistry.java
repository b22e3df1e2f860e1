package io.smartmigration.test;

import io.smartmigration.test.internal.ServerKind;
import io.smartmigration.test.internal.Server;
import io.smartmigration.test.internal.Settings;
import io.smartmigration.test.internal.DockerProbe;
import com.mongodb.client.MongoClient;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.opentest4j.TestAbortedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The servers of one test run, in the root store: each started on first use, shared by every
 * test, stopped when the run ends. Also answers, once per run, whether Docker is there, and logs
 * the backend chosen, and why, once at INFO.
 */
final class ServerRegistry implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger("io.smartmigration.test");

    private final Map<ServerKind, Server<MongoClient>> mongo = new EnumMap<>(ServerKind.class);
    private final Map<ServerKind, Server<S3Client>> s3 = new EnumMap<>(ServerKind.class);
    private final DockerProbe probe;
    private final Set<String> choicesLogged = new HashSet<>();
    private Boolean docker;
    private String dockerReason;
    private boolean skipLogged;

    ServerRegistry(DockerProbe probe) {
        this.probe = probe;
    }

    public static ServerRegistry of(ExtensionContext context) {
        return context.getRoot().getStore(MigrationTestExtension.NAMESPACE)
                .getOrComputeIfAbsent(ServerRegistry.class, k -> new ServerRegistry(DockerProbe.ofThisMachine()), ServerRegistry.class);
    }

    /**
     * Whether Testcontainers can run containers here, decided once per run. Testcontainers is only
     * asked once {@link DockerProbe} found an engine: where none is, nothing logs at WARN or ERROR.
     */
    public synchronized boolean dockerAvailable() {
        if (docker == null) {
            long t0 = System.nanoTime();
            DockerProbe.Result found = probe.find();
            if (!found.present()) {
                docker = false;
                dockerReason = "no Docker engine: " + found.reason();
            } else {
                docker = ContainerBackend.dockerAvailable();
                dockerReason = docker ? found.reason()
                        : found.reason() + ", but Testcontainers cannot use it (see its log)";
            }
            LOG.debug("Docker: {} ({} ms)", dockerReason, (System.nanoTime() - t0) / 1_000_000);
        }
        return docker;
    }

    /** Why {@link #dockerAvailable()} answered as it did. */
    public synchronized String dockerReason() {
        dockerAvailable();
        return dockerReason;
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
                    throw new TestAbortedException(MigrationTestExtension.noDocker(dockerReason));
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
        String why = requested != Backend.AUTO ? "requested" : switch (kind) {
            case EXTERNAL -> "AUTO: an external endpoint is configured";
            case CONTAINERS, EMBEDDED -> "AUTO: no external endpoint configured, and " + dockerReason;
        };
        // One INFO line per distinct choice (an AUTO run that uses both servers embedded logs one line);
        // what each server is and where goes to DEBUG.
        if (choicesLogged.add(kind + why)) {
            LOG.info("smartmigration-test: backend {} ({})", kind, why);
        }
        long t0 = System.nanoTime();
        Server<C> server = starter.apply(kind);
        LOG.debug("smartmigration-test: {} {}, started in {} ms", what, server.description(),
                (System.nanoTime() - t0) / 1_000_000);
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
