package io.smartmigration.scenarios;

import org.junit.jupiter.api.DisplayName;

@DisplayName("Interrupt scenarios on the Mongo ledger")
class MongoInterruptScenariosTest extends InterruptScenarios {
    @Override
    protected TestBackend createBackend() {
        return new MongoTestBackend();
    }
}
