package io.smartmigration.scenarios;

import org.junit.jupiter.api.DisplayName;

@DisplayName("Clock skew scenarios on the Mongo ledger")
class MongoClockSkewScenariosTest extends ClockSkewScenarios {
    @Override
    protected TestBackend createBackend() {
        return new MongoTestBackend();
    }
}
