package io.smartmigration.test;

import static org.assertj.core.api.Assertions.assertThat;

import io.smartmigration.SmartMigration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.bson.Document;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.Timeout;
import org.junit.platform.testkit.engine.EngineExecutionResults;

@DisplayName("MigrationChecks")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MigrationChecksTest {

    private static Stream<DynamicTest> checks(java.util.function.Supplier<SmartMigration.Builder> chain) {
        return MigrationChecks.forChain(chain).fromFixtures(Chains.users()).dynamicTests();
    }

    @OnlyInEngineTestKit
    @MigrationTest
    static class CorrectChain {
        @TestFactory
        Stream<DynamicTest> checks() {
            return MigrationChecksTest.checks(Chains::correct);
        }
    }

    @OnlyInEngineTestKit
    @MigrationTest
    static class IncrementingChain {
        @TestFactory
        Stream<DynamicTest> checks() {
            return MigrationChecksTest.checks(Chains::incrementing);
        }
    }

    @OnlyInEngineTestKit
    @MigrationTest
    static class NumberingWithoutCheckpoint {
        @TestFactory
        Stream<DynamicTest> checks() {
            return MigrationChecksTest.checks(Chains::numberingWithoutCheckpoint);
        }
    }

    @OnlyInEngineTestKit
    @MigrationTest
    static class DoubleProcessing {
        @TestFactory
        Stream<DynamicTest> checks() {
            return MigrationChecksTest.checks(Chains::doubleProcessing);
        }
    }

    /** A step that takes a skip-forward to mean "already done" and skips its work. */
    static SmartMigration.Builder trustsSkipForward() {
        return SmartMigration.builder().targetVersion("1.1.0")
                .step("add-status").from("1.0.0").to("1.1.0")
                .up(ctx -> {
                    if (ctx.step().skipForward()) {
                        return;
                    }
                    ctx.mongo().getCollection("users").updateMany(new Document(), new Document("$set",
                            new Document("status", "active")));
                });
    }

    @OnlyInEngineTestKit
    @MigrationTest
    static class TrustsSkipForward {
        @TestFactory
        Stream<DynamicTest> checks() {
            return MigrationChecksTest.checks(MigrationChecksTest::trustsSkipForward);
        }
    }

    @OnlyInEngineTestKit
    @MigrationTest
    static class TwoFixturesFromFiles {
        @TestFactory
        Stream<DynamicTest> checks() {
            return MigrationChecks.forChain(Chains::addStatusOnly)
                    .fromFixtures(Fixture.load("fixtures/1.0.0"), Chains.users().named("four users")
                            .documents("users", Document.parse("{_id: 4, name: 'dan', status: 'active'}")))
                    .dynamicTests();
        }
    }

    @OnlyInEngineTestKit
    @MigrationTest
    static class NoFixtures {
        @TestFactory
        Stream<DynamicTest> checks() {
            return MigrationChecks.forChain(Chains::correct).dynamicTests();
        }
    }

    @Test
    @DisplayName("without fixtures the checks start from empty data, and a crash check without a crash point is skipped")
    void noFixtures() {
        EngineExecutionResults results = Kit.run(NoFixtures.class);

        assertThat(Kit.failures(results)).isEmpty();
        assertThat(Kit.names(results.testEvents().succeeded().list()))
                .startsWith("empty data at 1.0.0: reaches target 2.0.0 from 1.0.0");
        assertThat(results.testEvents().aborted().list()).singleElement().satisfies(event -> {
            assertThat(event.getTestDescriptor().getDisplayName())
                    .isEqualTo("empty data at 1.0.0: crash-and-resume inside step 'export-profiles' (1.1.0 → 2.0.0)");
            assertThat(event.getPayload(org.junit.platform.engine.TestExecutionResult.class).orElseThrow()
                    .getThrowable().orElseThrow().getMessage())
                    .contains("step 'export-profiles' handled 0 batch(es) and made 0 write(s): no point inside it");
        });
    }

    @Test
    @DisplayName("a correct chain passes every generated check, each named after what it checks")
    void correctChainPasses() {
        EngineExecutionResults results = Kit.run(CorrectChain.class);

        assertThat(Kit.failures(results)).isEmpty();
        String exportCrash = "three users: crash in step 'export-profiles' (1.1.0 → 2.0.0) after ";
        assertThat(Kit.names(results.testEvents().succeeded().list())).containsExactly(
                "three users: reaches target 2.0.0 from 1.0.0",
                "three users: two clean runs leave the same data (deterministic)",
                "three users: step 'add-status' (1.0.0 → 1.1.0) is idempotent",
                "three users: skip-forward from orphan version 1.0.1-orphan inside step 'add-status' (1.0.0 → 1.1.0),"
                        + " on the step's untouched input, reaches the clean run's data",
                "three users: crash in step 'add-status' (1.0.0 → 1.1.0) after write 1 of 1, then re-run: reaches the"
                        + " clean run's data",
                "three users: step 'export-profiles' (1.1.0 → 2.0.0) is idempotent",
                "three users: skip-forward from orphan version 1.1.1-orphan inside step 'export-profiles'"
                        + " (1.1.0 → 2.0.0), on data the step partly migrated (crashed after write 3 of 6), reaches the"
                        + " clean run's data",
                exportCrash + "write 1 of 6, then resume: reaches the clean run's data",
                exportCrash + "write 2 of 6, then resume: reaches the clean run's data",
                exportCrash + "write 3 of 6, then resume: reaches the clean run's data",
                exportCrash + "write 4 of 6, then resume: reaches the clean run's data",
                exportCrash + "batch 1 of 2, then resume: reaches the clean run's data",
                exportCrash + "write 5 of 6, then resume: reaches the clean run's data",
                exportCrash + "write 6 of 6, then resume: reaches the clean run's data");
    }

    @Test
    @DisplayName("an $inc step fails its idempotency check, naming the step, the document and the field, and its crash check")
    void incrementFailsIdempotency() {
        EngineExecutionResults results = Kit.run(IncrementingChain.class);

        Map<String, Throwable> failures = Kit.failures(results);
        assertThat(failures).containsOnlyKeys("three users: step 'count-logins' (1.0.0 → 1.1.0) is idempotent",
                "three users: crash in step 'count-logins' (1.0.0 → 1.1.0) after write 1 of 1, then re-run: reaches the"
                        + " clean run's data");
        assertThat(failures.get("three users: step 'count-logins' (1.0.0 → 1.1.0) is idempotent").getMessage())
                .contains("step 'count-logins' (1.0.0 -> 1.1.0) is not idempotent")
                .contains("users {_id: 1}: field logins: 1 → 2")
                .contains("users {_id: 3}: field logins: 1 → 2")
                .contains("$set instead of $inc");
    }

    @Test
    @DisplayName("a resumable step that keeps its progress outside its checkpoint is caught by crash-and-resume only")
    void stateOutsideTheCheckpointFailsCrashResume() {
        EngineExecutionResults results = Kit.run(NumberingWithoutCheckpoint.class);

        Map<String, Throwable> failures = Kit.failures(results);
        String crash = "three users: crash in step 'number-users' (1.0.0 → 1.1.0) after ";
        assertThat(failures).containsOnlyKeys(
                crash + "batch 1 of 3, then resume: reaches the clean run's data",
                crash + "write 2 of 3, then resume: reaches the clean run's data",
                crash + "batch 2 of 3, then resume: reaches the clean run's data",
                crash + "write 3 of 3, then resume: reaches the clean run's data");
        assertThat(failures.get(crash + "batch 1 of 3, then resume: reaches the clean run's data").getMessage())
                .contains("after a crash in step 'number-users' after 1 batch(es) (after batch 1 of 3) and a resumed run"
                        + " (the resumed step continues from its last checkpoint), the data differs from the clean run's"
                        + " (clean run → this run):")
                .contains("users {_id: 2}: field seq: 2 → 1")
                .contains("users {_id: 3}: field seq: 3 → 2");
        assertThat(Kit.names(results.testEvents().succeeded().list()))
                .contains("three users: step 'number-users' (1.0.0 → 1.1.0) is idempotent",
                        crash + "write 1 of 3, then resume: reaches the clean run's data");
    }

    @Test
    @DisplayName("a resumable step that ignores its checkpoint and double-processes is caught by crash-and-resume")
    void doubleProcessingFailsCrashResume() {
        EngineExecutionResults results = Kit.run(DoubleProcessing.class);

        Map<String, Throwable> failures = Kit.failures(results);
        String crashAfterOne = "three users: crash in step 'credit-users' (1.0.0 → 1.1.0) after write 1 of 3, then resume:"
                + " reaches the clean run's data";
        assertThat(failures).containsKey(crashAfterOne);
        assertThat(failures.get(crashAfterOne).getMessage()).contains("users {_id: 1}: field credits: 10 → 20");
    }

    @Test
    @DisplayName("a step that skips its work on a skip-forward is caught by the skip-forward check")
    void skipForwardCheckCatchesAStepThatTrustsIt() {
        EngineExecutionResults results = Kit.run(TrustsSkipForward.class);

        Map<String, Throwable> failures = Kit.failures(results);
        String skip = "three users: skip-forward from orphan version 1.0.1-orphan inside step 'add-status'"
                + " (1.0.0 → 1.1.0), on the step's untouched input, reaches the clean run's data";
        assertThat(failures).containsOnlyKeys(skip);
        assertThat(failures.get(skip).getMessage())
                .contains("with the ledger at orphan version 1.0.1-orphan inside step 'add-status'")
                .contains("users {_id: 1}: field status: \"active\" → missing");
    }

    @Test
    @DisplayName("each fixture gets its own checks, and a fixture loaded from files works like one built in code")
    void severalFixtures() {
        EngineExecutionResults results = Kit.run(TwoFixturesFromFiles.class);

        assertThat(Kit.failures(results)).isEmpty();
        assertThat(Kit.names(results.testEvents().succeeded().list()))
                .filteredOn(name -> name.contains("reaches target"))
                .containsExactly("fixtures/1.0.0: reaches target 1.1.0 from 1.0.0", "four users: reaches target 1.1.0 from 1.0.0");
        // per fixture: reaches target, deterministic, idempotent, skip-forward, crash after its one write
        results.testEvents().assertStatistics(s -> s.succeeded(10));
    }
}
