package io.smartmigration.examples.notes;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoDatabase;
import io.smartmigration.SmartMigration;
import io.smartmigration.examples.notes.migrations.NotesMigrations;
import io.smartmigration.test.Fixture;
import io.smartmigration.test.MigrationHarness;
import io.smartmigration.test.MigrationTest;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@MigrationTest
@Timeout(value = 1, unit = TimeUnit.MINUTES)
@DisplayName("The archived-notes report, a job guarded by isAtLeast")
class ArchivedNotesReportTest {

    @Test
    @DisplayName("skips while the data is at 1.0.0, and reports once this instance has migrated it")
    void guardedByTheDataVersion(MigrationHarness h, MongoDatabase db) {
        // GIVEN the data of release 1.0.0, and an instance of release 2.0.0 that has not migrated yet
        h.seed(Fixture.load("fixtures/1.0.0"));
        SmartMigration migration = h.bind(NotesMigrations.chain()).build();
        ArchivedNotesReport report = new ArchivedNotesReport(migration, db);

        // WHEN the job runs before the migration THEN it skips rather than count every note as not archived
        assertThat(report.run()).isEmpty();

        // WHEN this instance has migrated THEN the job reports at once, without waiting for the next ledger read
        migration.run();
        assertThat(report.run()).contains(java.util.Map.of("acme", 1L, "globex", 1L));   // 'Budget' and 'Retro'
    }
}
