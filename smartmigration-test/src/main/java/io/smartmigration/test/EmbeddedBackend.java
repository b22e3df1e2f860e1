package io.smartmigration.test;

import com.mongodb.client.MongoClient;
import io.smartmigration.test.internal.ArtifactVersions;
import io.smartmigration.test.internal.Server;
import io.smartmigration.test.internal.ServerKind;
import io.smartmigration.embedded.EmbeddedMongo;
import io.smartmigration.embedded.EmbeddedS3;
import java.time.Duration;
import software.amazon.awssdk.services.s3.S3Client;

/** The in-process servers of {@code smartmigration-embedded}. */
final class EmbeddedBackend {

    /** Generous: only a client someone left open waits this long, once, at the end of the run. */
    private static final Duration HANG_UP_LIMIT = Duration.ofSeconds(10);

    private EmbeddedBackend() {
    }

    static Server<MongoClient> mongo() {
        EmbeddedMongo mongo = EmbeddedMongo.inMemory();
        MongoClient client = mongo.newClient();
        return new Server<>(ServerKind.EMBEDDED, "embedded mongo-java-server "
                + ArtifactVersions.of("de.bwaldvogel", "mongo-java-server-core",
                "de.bwaldvogel.mongo.MongoServer") + " (in memory, answers as "
                + ArtifactVersions.serverVersion(client) + ") at " + mongo.connectionString(), client,
                Server.all(client, () -> {
                    // the client's connections hang up a moment after close(): let them, so the server
                    // need not drop them (MongoServer logs that at WARN, at the end of every run)
                    mongo.awaitClientsGone(HANG_UP_LIMIT);
                    mongo.close();
                }));
    }

    static Server<S3Client> s3() {
        EmbeddedS3 s3 = EmbeddedS3.inMemory();
        S3Client client = s3.clientBuilder()
                .overrideConfiguration(c -> c.addExecutionInterceptor(new S3WriteCounting()))
                .build();
        return new Server<>(ServerKind.EMBEDDED, "embedded s3proxy " + ArtifactVersions.of("org.gaul", "s3proxy", "org.gaul.s3proxy.S3Proxy")
                + " (transient store) at " + s3.endpoint(), client, Server.all(client, s3));
    }
}
