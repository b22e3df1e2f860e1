package com.example.tasks;

import static io.smartmigration.test.MigrationAssertions.assertThat;

import io.smartmigration.test.Backend;
import io.smartmigration.test.Fixture;
import io.smartmigration.test.MigrationChecks;
import io.smartmigration.test.MigrationHarness;
import io.smartmigration.test.MigrationTest;
import java.util.stream.Stream;
import org.bson.Document;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

@MigrationTest(backend = Backend.EMBEDDED)
@DisplayName("The tasks chain")
class TaskMigrationsTest {

    static final Fixture AT_1_0_0 = Fixture.at("1.0.0").named("fixtures/1.0.0")
            .documents("tasks",
                    Document.parse("{_id: 1, title: 'write the README'}"),
                    Document.parse("{_id: 2, title: 'ship 1.0', state: 'done'}"),
                    Document.parse("{_id: 3, title: 'fix the build', state: 'done'}"),
                    Document.parse("{_id: 4, title: 'answer issues', state: 'done'}"));

    @Test
    @DisplayName("archives the done tasks to S3 and keeps the open ones")
    void archivesDoneTasks(MigrationHarness h) {
        h.seed(AT_1_0_0);

        assertThat(h.run(TaskMigrations.chain())).reachedTarget().applied("backfill-task-state", "archive-done-tasks");
        assertThat(h.snapshot()).hasDocumentCount("tasks", 4)
                .hasObject("archive/tasks/2.json", "application/json")
                .hasObject("archive/tasks/4.json", "application/json");
    }

    @TestFactory
    @DisplayName("is safe:")
    Stream<DynamicTest> chainIsSafe() {
        return MigrationChecks.forChain(TaskMigrations::chain).fromFixtures(AT_1_0_0).dynamicTests();
    }
}
