package io.smartmigration.scenarios;

import org.junit.jupiter.api.DisplayName;

@DisplayName("Lock scenarios on the S3 ledger")
class S3LockScenariosTest extends LockScenarios {
    @Override
    protected TestBackend createBackend() {
        return new S3TestBackend();
    }
}
