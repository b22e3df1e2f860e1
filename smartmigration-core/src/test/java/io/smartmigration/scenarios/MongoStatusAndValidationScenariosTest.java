package io.smartmigration.scenarios;

import org.junit.jupiter.api.DisplayName;

@DisplayName("status() and validate() on the Mongo ledger")
class MongoStatusAndValidationScenariosTest extends StatusAndValidationScenarios {
    @Override
    protected TestBackend createBackend() {
        return new MongoTestBackend();
    }
}
