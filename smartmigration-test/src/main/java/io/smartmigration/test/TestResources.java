package io.smartmigration.test;

import io.smartmigration.test.internal.ServerKind;
import io.smartmigration.test.internal.Settings;
import io.smartmigration.test.internal.Names;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * One test's database, bucket and harness, each created on first use and removed when the
 * test's extension context closes (kept when the test failed and keeping is on). JUnit 5.13 and
 * later close {@link AutoCloseable} store values (the deprecated {@code CloseableResource} is not
 * needed on any supported JUnit).
 */
final class TestResources implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger("io.smartmigration.test");

    private final TestConfig config;
    private final Backend backend;
    private final ServerRegistry servers;
    private final Settings settings;
    private final Names.Pair names;
    private MongoDatabase database;
    private TestBucket bucket;
    private DefaultMigrationHarness harness;
    private boolean keep;

    TestResources(TestConfig config, ServerRegistry servers, Settings settings, String hint) {
        this.config = config;
        this.backend = config.effectiveBackend(settings);
        this.servers = servers;
        this.settings = settings;
        this.names = Names.next(hint);
    }

    /** Fails now, before the test, when backend EXTERNAL lacks an endpoint the test needs. */
    void requireEndpoints() {
        if (config.mongo()) {
            servers.requireEndpoint(backend, settings, true);
        }
        if (config.s3()) {
            servers.requireEndpoint(backend, settings, false);
        }
    }

    public TestConfig config() {
        return config;
    }

    public synchronized MongoClient mongoClient() {
        return servers.mongo(backend, settings).client();
    }

    /** Which MongoDB server this test uses (the embedded one has gaps a seed must know about). */
    public synchronized ServerKind mongoKind() {
        return servers.mongo(backend, settings).kind();
    }

    public synchronized S3Client s3Client() {
        return servers.s3(backend, settings).client();
    }

    /** The test's database (MongoDB creates it on the first write). */
    public synchronized MongoDatabase database() {
        if (database == null) {
            database = mongoClient().getDatabase(names.database());
            LOG.debug("test database {}", names.database());
        }
        return database;
    }

    /** The test's bucket, created on first use. */
    public synchronized TestBucket bucket() {
        if (bucket == null) {
            S3Client client = s3Client();
            client.createBucket(b -> b.bucket(names.bucket()));
            bucket = new TestBucket(names.bucket(), client);
            LOG.debug("test bucket {}", names.bucket());
        }
        return bucket;
    }

    public synchronized DefaultMigrationHarness harness() {
        if (harness == null) {
            harness = new DefaultMigrationHarness(this);
        }
        return harness;
    }

    /**
     * Decides, after the test, whether to keep its data.
     *
     * @return what was kept, to report; empty when nothing is kept
     */
    synchronized Optional<String> keepIfFailed(boolean failed) {
        if (!failed || !settings.keepOnFailure() || (database == null && bucket == null)) {
            return Optional.empty();
        }
        keep = true;
        List<String> kept = new ArrayList<>();
        if (database != null) {
            kept.add("database " + names.database());
        }
        if (bucket != null) {
            kept.add("bucket " + names.bucket());
        }
        return Optional.of(String.join(", ", kept));
    }

    /** Where kept data can be looked at, for the log line. */
    synchronized String whereKept() {
        boolean external = (database == null || servers.mongo(backend, settings).kind() == ServerKind.EXTERNAL)
                && (bucket == null || servers.s3(backend, settings).kind() == ServerKind.EXTERNAL);
        return external ? "on the external servers"
                : "until the run ends, when its servers stop: point " + Settings.MONGO_URI + " and "
                + Settings.S3_ENDPOINT + " at servers you keep to look at it afterwards";
    }

    @Override
    public synchronized void close() {
        if (keep) {
            return;
        }
        if (database != null) {
            try {
                database.drop();
            } catch (RuntimeException e) {
                LOG.warn("smartmigration-test: could not drop the test database {}: {}", names.database(), e.toString());
            }
        }
        if (bucket != null) {
            try {
                deleteBucket(bucket);
            } catch (RuntimeException e) {
                LOG.warn("smartmigration-test: could not remove the test bucket {}: {}", names.bucket(), e.toString());
            }
        }
    }

    /** Removes every object of the bucket, then the bucket. */
    static void deleteBucket(TestBucket bucket) {
        emptyBucket(bucket);
        bucket.client().deleteBucket(b -> b.bucket(bucket.name()));
    }

    /** Removes every object of the bucket (a page of keys per request). */
    static void emptyBucket(TestBucket bucket) {
        deleteUnder(bucket.client(), bucket.name(), null);
    }

    /** Removes every object under {@code prefix} (every object when it is null), a page of keys per request. */
    static void deleteUnder(S3Client s3, String bucket, String prefix) {
        while (true) {
            List<S3Object> page = s3.listObjectsV2(b -> b.bucket(bucket).prefix(prefix).maxKeys(1000)).contents();
            if (page.isEmpty()) {
                return;
            }
            deleteKeys(s3, bucket, page.stream().map(S3Object::key).toList());
        }
    }

    /** Removes these keys with one DeleteObjects request per thousand. */
    static void deleteKeys(S3Client s3, String bucket, List<String> keys) {
        for (int from = 0; from < keys.size(); from += 1000) {
            List<ObjectIdentifier> ids = keys.subList(from, Math.min(keys.size(), from + 1000)).stream()
                    .map(k -> ObjectIdentifier.builder().key(k).build()).toList();
            s3.deleteObjects(b -> b.bucket(bucket).delete(d -> d.objects(ids).quiet(true)));
        }
    }
}
