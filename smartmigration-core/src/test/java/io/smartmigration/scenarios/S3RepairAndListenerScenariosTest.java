package io.smartmigration.scenarios;

import org.junit.jupiter.api.DisplayName;

@DisplayName("forceUnlock(), baseline() and listeners on the S3 ledger")
class S3RepairAndListenerScenariosTest extends RepairAndListenerScenarios {
    @Override
    protected TestBackend createBackend() {
        return new S3TestBackend();
    }
}
