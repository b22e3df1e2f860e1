package io.smartmigration.scenarios;

import io.smartmigration.MigrationLedger;
import org.junit.jupiter.api.DisplayName;

@DisplayName("A Mongo ledger read and repaired by location")
class MongoMigrationLedgerTest extends MigrationLedgerScenarios {

    @Override
    protected TestBackend createBackend() {
        return new MongoTestBackend();
    }

    @Override
    protected MigrationLedger.Builder byLocation() {
        MongoTestBackend mongo = (MongoTestBackend) backend;
        return MigrationLedger.mongo(mongo.client(), mongo.database());
    }
}
