package io.smartmigration.scenarios;

import org.junit.jupiter.api.DisplayName;

@DisplayName("Lock scenarios on the Mongo ledger")
class MongoLockScenariosTest extends LockScenarios {
    @Override
    protected TestBackend createBackend() {
        return new MongoTestBackend();
    }
}
