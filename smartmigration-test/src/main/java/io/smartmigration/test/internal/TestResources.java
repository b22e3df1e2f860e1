package io.smartmigration.test.internal;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import io.smartmigration.test.Backend;
import io.smartmigration.test.TestBucket;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * One test's database, bucket and harness, each created on first use and removed when the
 * test's extension context closes (kept when the test failed and keeping is on). JUnit 5.13 and
 * later close {@link AutoCloseable} store values (the deprecated {@code CloseableResource} is not
 * needed on any supported JUnit).
 */
public final class TestResources implements AutoCloseable {

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

    /** Removes every object of the bucket. */
    static void emptyBucket(TestBucket bucket) {
        S3Client s3 = bucket.client();
        while (true) {
            List<S3Object> page = s3.listObjectsV2(b -> b.bucket(bucket.name()).maxKeys(1000)).contents();
            if (page.isEmpty()) {
                return;
            }
            for (S3Object object : page) {
                s3.deleteObject(b -> b.bucket(bucket.name()).key(object.key()));
            }
        }
    }
}
