package io.smartmigration.cli;

import io.smartmigration.SmartMigration;
import io.smartmigration.embedded.EmbeddedS3;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The embedded S3 server in memory; one bucket per test. The CLI finds the server's credentials the
 * way it finds real ones: in the AWS variables for a child process, and in the {@code aws.accessKeyId}
 * / {@code aws.secretAccessKey} system properties (first in the SDK's default chain) in this JVM.
 */
final class S3Fixture implements LedgerFixture {

    private static final AtomicInteger BUCKETS = new AtomicInteger();

    private final EmbeddedS3 server = EmbeddedS3.inMemory();
    private final S3Client client = server.newClient();
    private String bucket;

    S3Fixture() {
        System.setProperty("aws.accessKeyId", EmbeddedS3.ACCESS_KEY);
        System.setProperty("aws.secretAccessKey", EmbeddedS3.SECRET_KEY);
    }

    @Override
    public void newNamespace() {
        bucket = server.createBucket("cli-" + BUCKETS.incrementAndGet());
    }

    @Override
    public SmartMigration.Builder configure(SmartMigration.Builder builder) {
        return builder.s3(client, bucket);
    }

    @Override
    public List<String> ledgerOptions() {
        return List.of("--bucket", bucket, "--s3-endpoint", server.endpoint().toString());
    }

    @Override
    public Map<String, String> env() {
        return Map.of("AWS_ACCESS_KEY_ID", EmbeddedS3.ACCESS_KEY, "AWS_SECRET_ACCESS_KEY", EmbeddedS3.SECRET_KEY,
                "AWS_REGION", EmbeddedS3.REGION.id());
    }

    @Override
    public void writeCorruptLedger() {
        // the newest (and only) state of the ledger 'smartmigration', sequence 1, is not JSON
        String key = ".smartmigration/smartmigration/states/" + (Long.MAX_VALUE - 1) + "-1.json";
        client.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromString("{not json"));
    }

    @Override
    public String rawLedger() {
        StringBuilder all = new StringBuilder();
        client.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(".smartmigration/smartmigration/")).contents()
                .forEach(o -> all.append(o.key()).append('=').append(client.getObjectAsBytes(
                        b -> b.bucket(bucket).key(o.key())).asUtf8String()).append('\n'));
        return all.toString();
    }

    @Override
    public List<String> unreachableOptions() {
        return List.of("--bucket", "some-bucket", "--s3-endpoint", "http://127.0.0.1:" + MongoFixture.freePort(),
                "--timeout", "1");
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
