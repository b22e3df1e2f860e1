package io.smartmigration.cli;

import org.junit.jupiter.api.DisplayName;

@DisplayName("CLI commands on the S3 ledger")
class S3CliScenariosTest extends CliScenarios {
    @Override
    protected LedgerFixture createFixture() {
        return new S3Fixture();
    }
}
