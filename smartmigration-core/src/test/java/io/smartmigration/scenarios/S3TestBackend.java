package io.smartmigration.scenarios;

import io.smartmigration.SmartMigration;
import io.smartmigration.embedded.EmbeddedS3;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The embedded S3 server (s3proxy 4.1.0) in memory, in-process; one bucket per test, and no Mongo:
 * the ledger lives in S3. Shared with the CLI's tests (core's test jar).
 */
public final class S3TestBackend implements TestBackend {

    private static final AtomicInteger BUCKETS = new AtomicInteger();

    private final EmbeddedS3 server = EmbeddedS3.inMemory();
    private final S3Client client = server.newClient();
    private final String prefix;
    private String bucket;

    public S3TestBackend() {
        this("scenario-");
    }

    /** @param prefix the start of each test's bucket name */
    public S3TestBackend(String prefix) {
        this.prefix = prefix;
    }

    public EmbeddedS3 server() {
        return server;
    }

    public S3Client client() {
        return client;
    }

    public String bucket() {
        return bucket;
    }

    @Override
    public void newNamespace() {
        bucket = server.createBucket(prefix + BUCKETS.incrementAndGet());
    }

    @Override
    public SmartMigration.Builder configure(SmartMigration.Builder builder) {
        return builder.s3(client, bucket);
    }

    @Override
    public void writeAppData() {
        client.putObject(b -> b.bucket(bucket).key("users/1.json"), RequestBody.fromString("{\"name\": \"existing\"}"));
    }

    @Override
    public void close() {
        client.close();
        server.close();
    }

    @Override
    public String toString() {
        return "S3 ledger";
    }
}
