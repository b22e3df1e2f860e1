package io.smartmigration.scenarios;

import io.smartmigration.MigrationLedger;
import org.junit.jupiter.api.DisplayName;

@DisplayName("An S3 ledger read and repaired by location")
class S3MigrationLedgerTest extends MigrationLedgerScenarios {

    @Override
    protected TestBackend createBackend() {
        return new S3TestBackend();
    }

    @Override
    protected MigrationLedger.Builder byLocation() {
        S3TestBackend s3 = (S3TestBackend) backend;
        return MigrationLedger.s3(s3.client(), s3.bucket());
    }
}
