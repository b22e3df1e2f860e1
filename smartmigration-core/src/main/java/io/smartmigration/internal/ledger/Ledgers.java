package io.smartmigration.internal.ledger;

import io.smartmigration.LedgerBackend;
import io.smartmigration.internal.MigrationConfig;
import io.smartmigration.internal.ledger.mongo.MongoLedger;
import io.smartmigration.internal.ledger.s3.S3Ledger;

/** Opens the configured ledger backend (no I/O). */
public final class Ledgers {

    private Ledgers() {
    }

    public static Ledger open(MigrationConfig config) {
        if (config.ledgerBackend() == LedgerBackend.MONGO) {
            return new MongoLedger(config.mongoClient(), config.databaseName(), config.ledgerName(), config.lockTtl());
        }
        return new S3Ledger(config.s3Client(), config.bucket(), config.ledgerName(), config.clock(), config.lockTtl());
    }
}
