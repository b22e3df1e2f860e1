package io.smartmigration.examples.notes.spring;

import com.mongodb.ConnectionString;
import com.mongodb.client.MongoClient;
import io.smartmigration.embedded.EmbeddedServers;
import io.smartmigration.examples.notes.DemoData;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.mongodb.autoconfigure.MongoConnectionDetails;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.FileSystemUtils;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/**
 * Where the notes service's data lives.
 *
 * <ul>
 *   <li>{@code notes.embedded=true} (default): in-process MongoDB and S3 servers keeping their data
 *       under {@code notes.data-dir}; Spring Boot's MongoClient connects to the embedded MongoDB
 *       through a {@link MongoConnectionDetails} bean (as a Testcontainers service connection
 *       does), database {@code notes}. The first start seeds the demo data of release 1.0.0.</li>
 *   <li>{@code notes.embedded=false}: Spring Boot's MongoClient from {@code spring.mongodb.uri}, and
 *       an S3Client from the AWS SDK's default region and credentials ({@code notes.s3.endpoint}
 *       overrides the endpoint, path-style). The bucket {@code smartmigration.bucket} must exist.</li>
 * </ul>
 */
public final class NotesBackends {

    private static final Logger LOG = LoggerFactory.getLogger("notes-app");

    private NotesBackends() {
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnBooleanProperty(name = "notes.embedded", matchIfMissing = true)
    static class Embedded {

        /** Closed after the clients below (they depend on it), which flushes the data files. */
        @Bean(destroyMethod = "close")
        EmbeddedServers notesEmbeddedServers(@Value("${notes.data-dir:.smartmigration-data-spring}") Path dataDir,
                                             @Value("${notes.reset:false}") boolean reset,
                                             @Value("${smartmigration.bucket}") String bucket) {
            if (reset) {
                reset(dataDir);
            }
            EmbeddedServers servers = EmbeddedServers.persistent(dataDir);
            try {
                servers.s3().createBucket(bucket);
                seedIfEmpty(servers, bucket);
                LOG.info("data: MongoDB 'notes' embedded ({}), S3 '{}' embedded ({})",
                        dataDir.resolve(EmbeddedServers.MONGO_FILE), bucket, dataDir.resolve(EmbeddedServers.S3_FOLDER));
                return servers;
            } catch (RuntimeException e) {
                servers.close();
                throw e;
            }
        }

        @Bean
        MongoConnectionDetails notesMongoConnectionDetails(EmbeddedServers servers) {
            ConnectionString connection = new ConnectionString(servers.mongo().connectionString() + "/notes");
            return () -> connection;
        }

        @Bean(destroyMethod = "close")
        S3Client notesS3Client(EmbeddedServers servers) {
            return servers.s3().newClient();
        }

        /** The demo data of release 1.0.0 on a fresh store, as the plain notes service does. */
        private static void seedIfEmpty(EmbeddedServers servers, String bucket) {
            try (MongoClient mongo = servers.mongo().newClient(); S3Client s3 = servers.s3().newClient()) {
                if (DemoData.isEmpty(mongo.getDatabase("notes"), s3, bucket)) {
                    DemoData.Counts seeded = DemoData.seed(mongo.getDatabase("notes"));
                    LOG.info("first start: seeded the demo data of release 1.0.0: {} tenants, {} users, {} notes"
                            + " with {} inline attachments", seeded.tenants(), seeded.users(), seeded.notes(),
                            seeded.attachments());
                }
            }
        }

        private static void reset(Path dataDir) {
            if (!Files.exists(dataDir)) {
                LOG.info("notes.reset: {} does not exist, nothing to clear", dataDir);
                return;
            }
            try {
                FileSystemUtils.deleteRecursively(dataDir);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot delete " + dataDir + ": " + e.getMessage(), e);
            }
            LOG.info("notes.reset: deleted {} (the embedded MongoDB and S3 data)", dataDir);
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnBooleanProperty(name = "notes.embedded", havingValue = false)
    static class External {

        @Bean(destroyMethod = "close")
        S3Client notesS3Client(@Value("${notes.s3.endpoint:}") String endpoint) {
            S3ClientBuilder builder = S3Client.builder();
            if (!endpoint.isBlank()) {
                builder.endpointOverride(URI.create(endpoint)).forcePathStyle(true);
            }
            return builder.build();
        }
    }
}
