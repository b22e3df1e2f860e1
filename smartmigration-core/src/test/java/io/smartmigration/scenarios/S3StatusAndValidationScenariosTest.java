package io.smartmigration.scenarios;

import org.junit.jupiter.api.DisplayName;

@DisplayName("status() and validate() on the S3 ledger")
class S3StatusAndValidationScenariosTest extends StatusAndValidationScenarios {
    @Override
    protected TestBackend createBackend() {
        return new S3TestBackend();
    }
}
