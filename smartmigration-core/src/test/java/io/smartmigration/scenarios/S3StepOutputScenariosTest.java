package io.smartmigration.scenarios;

import org.junit.jupiter.api.DisplayName;

@DisplayName("Step output scenarios on the S3 ledger")
class S3StepOutputScenariosTest extends StepOutputScenarios {
    @Override
    protected TestBackend createBackend() {
        return new S3TestBackend();
    }
}
