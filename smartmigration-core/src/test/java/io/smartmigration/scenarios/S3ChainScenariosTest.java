package io.smartmigration.scenarios;

import org.junit.jupiter.api.DisplayName;

@DisplayName("Chain scenarios on the S3 ledger")
class S3ChainScenariosTest extends ChainScenarios {
    @Override
    protected TestBackend createBackend() {
        return new S3TestBackend();
    }
}
