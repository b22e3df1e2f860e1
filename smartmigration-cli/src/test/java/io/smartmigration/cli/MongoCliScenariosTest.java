package io.smartmigration.cli;

import org.junit.jupiter.api.DisplayName;

@DisplayName("CLI commands on the Mongo ledger")
class MongoCliScenariosTest extends CliScenarios {
    @Override
    protected LedgerFixture createFixture() {
        return new MongoFixture();
    }
}
