package io.smartmigration.test;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.Timeout;
import org.junit.platform.testkit.engine.EngineExecutionResults;

/**
 * The generated crash checks reach into parallel walks ({@code forEachDocument}): a parallel walk has no
 * batches, so its crash points are counted in writes, made on the walk's worker threads and counted
 * through the same hooks as a sequential handler's.
 */
@DisplayName("MigrationChecks on a parallel walk")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ParallelWalkChecksTest {

    @OnlyInEngineTestKit
    @MigrationTest
    static class CorrectParallelChain {
        @TestFactory
        Stream<DynamicTest> checks() {
            return MigrationChecks.forChain(Chains::correctParallel).fromFixtures(Chains.users()).dynamicTests();
        }
    }

    @OnlyInEngineTestKit
    @MigrationTest
    static class CreditingInParallel {
        @TestFactory
        Stream<DynamicTest> checks() {
            return MigrationChecks.forChain(Chains::creditingInParallel).fromFixtures(Chains.users()).dynamicTests();
        }
    }

    @Test
    @DisplayName("GIVEN a correct step walking users with 4 workers WHEN the checks are generated THEN it is crashed after each of its writes made on the workers (S3 and Mongo alike) and passes every check")
    void correctParallelWalkPassesCrashChecks() {
        EngineExecutionResults results = Kit.run(CorrectParallelChain.class);

        assertThat(Kit.failures(results)).isEmpty();
        List<String> names = Kit.names(results.testEvents().succeeded().list());
        for (int k = 1; k <= 6; k++) {
            assertThat(names).contains("three users: crash in step 'export-profiles' (1.1.0 → 2.0.0) after write " + k
                    + " of 6, then resume: reaches the clean run's data");
        }
    }

    @Test
    @DisplayName("GIVEN a parallel walk whose handler is not idempotent WHEN the checks crash it after a write on a worker THEN the resumed run's data differs from the clean run's and the check fails naming the field")
    void nonIdempotentParallelHandlerFailsCrashResume() {
        EngineExecutionResults results = Kit.run(CreditingInParallel.class);

        Map<String, Throwable> failures = Kit.failures(results);
        String crashAfterOne = "three users: crash in step 'credit-users' (1.0.0 → 1.1.0) after write 1 of 3, then resume:"
                + " reaches the clean run's data";
        assertThat(failures).containsKey(crashAfterOne);
        assertThat(failures.get(crashAfterOne).getMessage()).contains("field credits: 10 → 20");
    }
}
