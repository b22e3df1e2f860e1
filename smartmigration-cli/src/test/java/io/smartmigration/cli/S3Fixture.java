package io.smartmigration.cli;

import io.smartmigration.SmartMigration;
import io.smartmigration.embedded.EmbeddedS3;
import io.smartmigration.scenarios.S3TestBackend;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * Core's in-memory S3 test backend, one bucket per test, as the CLI reaches it. The CLI finds the
 * server's credentials the way it finds real ones: in the AWS variables for a child process, and
 * in the {@code aws.accessKeyId} / {@code aws.secretAccessKey} system properties (first in the
 * SDK's default chain) in this JVM.
 */
final class S3Fixture implements LedgerFixture {

    private final S3TestBackend backend = new S3TestBackend("cli-");

    S3Fixture() {
        System.setProperty("aws.accessKeyId", EmbeddedS3.ACCESS_KEY);
        System.setProperty("aws.secretAccessKey", EmbeddedS3.SECRET_KEY);
    }

    @Override
    public void newNamespace() {
        backend.newNamespace();
    }

    @Override
    public SmartMigration.Builder configure(SmartMigration.Builder builder) {
        return backend.configure(builder);
    }

    @Override
    public void writeAppData() {
        backend.writeAppData();
    }

    @Override
    public List<String> ledgerOptions() {
        return List.of("--bucket", backend.bucket(), "--s3-endpoint", backend.server().endpoint().toString());
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
        backend.client().putObject(b -> b.bucket(backend.bucket()).key(key), RequestBody.fromString("{not json"));
    }

    @Override
    public String rawLedger() {
        StringBuilder all = new StringBuilder();
        backend.client().listObjectsV2Paginator(b -> b.bucket(backend.bucket()).prefix(".smartmigration/smartmigration/")).contents()
                .forEach(o -> all.append(o.key()).append('=').append(backend.client().getObjectAsBytes(
                        b -> b.bucket(backend.bucket()).key(o.key())).asUtf8String()).append('\n'));
        return all.toString();
    }

    @Override
    public List<String> unreachableOptions() {
        return List.of("--bucket", "some-bucket", "--s3-endpoint", "http://127.0.0.1:" + MongoFixture.freePort(),
                "--timeout", "1");
    }

    @Override
    public void close() {
        backend.close();
    }

    @Override
    public String toString() {
        return backend.toString();
    }
}
