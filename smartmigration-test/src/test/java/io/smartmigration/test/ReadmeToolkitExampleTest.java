package io.smartmigration.test;

import static io.smartmigration.test.MigrationAssertions.assertThat;

import io.smartmigration.SmartMigration;
import java.util.stream.Stream;
import org.bson.Document;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** The README's "Testing your migrations" example, kept compiling and passing. */
@MigrationTest
@DisplayName("README: testing your migrations")
class ReadmeToolkitExampleTest {

    /** The application's chain, without backends (the README's {@code Migrations.chain()}). */
    static final class Migrations {
        static SmartMigration.Builder chain() {
            return Chains.correct();
        }
    }

    @Test
    @DisplayName("seeds 1.0.0 data, migrates it to the target")
    void addsStatus(MigrationHarness h) {
        h.seed(Fixture.at("1.0.0").documents("users", Document.parse("{_id: 1, name: 'ann'}")));

        assertThat(h.run(Migrations.chain())).reachedTarget().applied("add-status", "export-profiles");
        assertThat(h.ledger()).isAt("2.0.0").hasHistory("add-status", "export-profiles");
        assertThat(h.snapshot()).hasObject("profiles/1.json", "application/json");
    }

    @Test
    @DisplayName("resumes a resumable step after a crash")
    void resumesAfterACrash(MigrationHarness h) {
        h.seed(Fixture.load("fixtures/1.1.0"));

        h.runWithCrash(Migrations.chain(), Crash.inStep("export-profiles").afterBatches(1));

        assertThat(h.run(Migrations.chain())).reachedTarget().applied("export-profiles");
    }

    @TestFactory
    @DisplayName("the chain passes every generated check")
    Stream<DynamicTest> chainIsSafe() {
        return MigrationChecks.forChain(Migrations::chain)
                .fromFixtures(Fixture.load("fixtures/1.0.0"), Fixture.load("fixtures/1.1.0"))
                .dynamicTests();
    }
}
