package io.smartmigration.examples.notes;

import com.mongodb.ConnectionString;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import io.smartmigration.embedded.EmbeddedMongo;
import io.smartmigration.embedded.EmbeddedS3;
import io.smartmigration.embedded.EmbeddedServers;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;

/**
 * The notes service's MongoDB database and S3 bucket, from the environment where it names them,
 * else in-process servers keeping their data under a local folder.
 *
 * <ul>
 *   <li>{@code MONGODB_URI} (the database is the URI's path, default {@code notes}); absent: an
 *       embedded MongoDB stored in {@code <data dir>/mongo/data.mv.db};</li>
 *   <li>{@code S3_ENDPOINT} and/or {@code S3_BUCKET} (default {@code notes-attachments}), with
 *       {@code AWS_REGION} and the usual AWS credential variables; both absent: an embedded S3
 *       server storing buckets as folders under {@code <data dir>/s3}.</li>
 * </ul>
 *
 * <pre>{@code
 * try (Backends backends = Backends.open(System.getenv(), Path.of(".smartmigration-data"))) {
 *     backends.mongo().getDatabase(backends.database()) ...
 * }
 * }</pre>
 */
final class Backends implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Backends.class);

    static final String DEFAULT_DATABASE = "notes";
    static final String DEFAULT_BUCKET = "notes-attachments";

    private final List<AutoCloseable> resources = new ArrayList<>();
    private MongoClient mongo;
    private String database;
    private String mongoDescription;
    private S3Client s3;
    private String bucket;
    private String s3Description;

    private Backends() {
    }

    static Backends open(Map<String, String> env, Path dataDir) {
        Backends backends = new Backends();
        try {
            backends.openMongo(env, dataDir);
            backends.openS3(env, dataDir);
            return backends;
        } catch (RuntimeException e) {
            backends.close();
            throw e;
        }
    }

    MongoClient mongo() {
        return mongo;
    }

    String database() {
        return database;
    }

    S3Client s3() {
        return s3;
    }

    String bucket() {
        return bucket;
    }

    /** One line saying where the data lives. */
    String describe() {
        return "MongoDB " + mongoDescription + ", S3 " + s3Description;
    }

    private void openMongo(Map<String, String> env, Path dataDir) {
        Optional<String> uri = value(env, "MONGODB_URI");
        if (uri.isPresent()) {
            ConnectionString connection = new ConnectionString(uri.get());
            database = Optional.ofNullable(connection.getDatabase()).orElse(DEFAULT_DATABASE);
            mongo = keep(MongoClients.create(connection));
            mongoDescription = "'" + database + "' at " + String.join(",", connection.getHosts());
            return;
        }
        Path file = dataDir.resolve(EmbeddedServers.MONGO_FILE);
        EmbeddedMongo server = keep(EmbeddedMongo.persistent(file));
        database = DEFAULT_DATABASE;
        mongo = keep(server.newClient());
        mongoDescription = "'" + database + "' embedded (" + file + ")";
    }

    private void openS3(Map<String, String> env, Path dataDir) {
        Optional<String> endpoint = value(env, "S3_ENDPOINT");
        Optional<String> bucketName = value(env, "S3_BUCKET");
        bucket = bucketName.orElse(DEFAULT_BUCKET);
        if (endpoint.isEmpty() && bucketName.isEmpty()) {
            Path folder = dataDir.resolve(EmbeddedServers.S3_FOLDER);
            EmbeddedS3 server = keep(EmbeddedS3.persistent(folder));
            server.createBucket(bucket);
            s3 = keep(server.newClient());
            s3Description = "'" + bucket + "' embedded (" + folder + ")";
                return;
        }
        S3ClientBuilder builder = S3Client.builder()
                .httpClientBuilder(Apache5HttpClient.builder())
                .region(Region.of(value(env, "AWS_REGION").orElse("us-east-1")))
                .credentialsProvider(credentials(env));
        endpoint.ifPresent(e -> builder.endpointOverride(URI.create(e)).forcePathStyle(true));
        s3 = keep(builder.build());
        s3Description = "'" + bucket + "'" + endpoint.map(e -> " at " + e).orElse("");
        try {
            s3.headBucket(head -> head.bucket(bucket));
        } catch (NoSuchBucketException e) {
            s3.createBucket(create -> create.bucket(bucket));
            s3Description += " (bucket created)";
        }
    }

    /** AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY (/ AWS_SESSION_TOKEN) when given, else the SDK's default chain. */
    private static AwsCredentialsProvider credentials(Map<String, String> env) {
        Optional<String> id = value(env, "AWS_ACCESS_KEY_ID");
        Optional<String> secret = value(env, "AWS_SECRET_ACCESS_KEY");
        if (id.isEmpty() || secret.isEmpty()) {
            return DefaultCredentialsProvider.builder().build();
        }
        Optional<String> token = value(env, "AWS_SESSION_TOKEN");
        return StaticCredentialsProvider.create(token.isPresent()
                ? AwsSessionCredentials.create(id.get(), secret.get(), token.get())
                : AwsBasicCredentials.create(id.get(), secret.get()));
    }

    private <T extends AutoCloseable> T keep(T resource) {
        resources.add(resource);
        return resource;
    }

    private static Optional<String> value(Map<String, String> env, String name) {
        return Optional.ofNullable(env.get(name)).map(String::strip).filter(v -> !v.isEmpty());
    }

    /** Closes the clients, then the embedded servers (which flushes their files). */
    @Override
    public void close() {
        for (int i = resources.size() - 1; i >= 0; i--) {
            try {
                resources.get(i).close();
            } catch (Exception e) {
                LOG.debug("closing {} failed: {}", resources.get(i), e.toString());
            }
        }
        resources.clear();
    }
}
