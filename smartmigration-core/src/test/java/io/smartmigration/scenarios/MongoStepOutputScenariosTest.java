package io.smartmigration.scenarios;

import org.junit.jupiter.api.DisplayName;

@DisplayName("Step output scenarios on the Mongo ledger")
class MongoStepOutputScenariosTest extends StepOutputScenarios {
    @Override
    protected TestBackend createBackend() {
        return new MongoTestBackend();
    }
}
