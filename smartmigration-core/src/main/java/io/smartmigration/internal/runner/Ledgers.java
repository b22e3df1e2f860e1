package io.smartmigration.internal.runner;

import com.mongodb.client.MongoClient;
import io.smartmigration.LedgerBackend;
import io.smartmigration.internal.MigrationConfig;
import io.smartmigration.internal.ledger.Ledger;
import io.smartmigration.internal.ledger.mongo.MongoLedger;
import io.smartmigration.internal.ledger.s3.S3Ledger;
import java.time.Clock;
import java.time.Duration;
import software.amazon.awssdk.services.s3.S3Client;

/** Opens the configured ledger backend (no I/O). */
public final class Ledgers {

    private Ledgers() {
    }

    public static Ledger open(MigrationConfig config) {
        return open(config.ledgerBackend(), config.mongoClient(), config.databaseName(), config.s3Client(),
                config.bucket(), config.ledgerName(), config.clock(), config.lockTtl());
    }

    /**
     * The ledger {@code name} in {@code backend}; the other backend's arguments are not used and may be null.
     * Every ledger call is bounded by {@code callTimeout} (a run's lease, or a tool's).
     */
    public static Ledger open(LedgerBackend backend, MongoClient mongoClient, String database, S3Client s3Client,
                              String bucket, String name, Clock clock, Duration callTimeout) {
        if (backend == LedgerBackend.MONGO) {
            return new MongoLedger(mongoClient, database, name, callTimeout);
        }
        return new S3Ledger(s3Client, bucket, name, clock, callTimeout);
    }
}
