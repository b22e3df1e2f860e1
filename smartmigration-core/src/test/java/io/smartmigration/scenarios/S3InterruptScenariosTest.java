package io.smartmigration.scenarios;

import org.junit.jupiter.api.DisplayName;

@DisplayName("Interrupt scenarios on the S3 ledger")
class S3InterruptScenariosTest extends InterruptScenarios {
    @Override
    protected TestBackend createBackend() {
        return new S3TestBackend();
    }
}
