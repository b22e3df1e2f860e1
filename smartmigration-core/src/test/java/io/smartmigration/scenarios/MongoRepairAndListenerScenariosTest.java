package io.smartmigration.scenarios;

import org.junit.jupiter.api.DisplayName;

@DisplayName("forceUnlock(), baseline() and listeners on the Mongo ledger")
class MongoRepairAndListenerScenariosTest extends RepairAndListenerScenarios {
    @Override
    protected TestBackend createBackend() {
        return new MongoTestBackend();
    }
}
