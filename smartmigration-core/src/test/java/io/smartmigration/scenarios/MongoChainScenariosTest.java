package io.smartmigration.scenarios;

import org.junit.jupiter.api.DisplayName;

@DisplayName("Chain scenarios on the Mongo ledger")
class MongoChainScenariosTest extends ChainScenarios {
    @Override
    protected TestBackend createBackend() {
        return new MongoTestBackend();
    }
}
