package io.smartmigration.scenarios;

import org.junit.jupiter.api.DisplayName;

@DisplayName("Clock skew scenarios on the S3 ledger")
class S3ClockSkewScenariosTest extends ClockSkewScenarios {
    @Override
    protected TestBackend createBackend() {
        return new S3TestBackend();
    }
}
