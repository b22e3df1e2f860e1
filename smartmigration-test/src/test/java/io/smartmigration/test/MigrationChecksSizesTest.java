package io.smartmigration.test;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.platform.testkit.engine.EngineExecutionResults;

/**
 * The generated checks catch each bug users write on every fixture size, and pass the correct
 * version of each chain on every size: no crash point is missed, whatever the number of documents
 * or objects and however the batches fall.
 */
@DisplayName("MigrationChecks on fixtures of every size")
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class MigrationChecksSizesTest {

    private static Stream<DynamicTest> checks(Supplier<io.smartmigration.SmartMigration.Builder> chain, Fixture fixture) {
        return MigrationChecks.forChain(chain).fromFixtures(fixture).dynamicTests();
    }

    @OnlyInEngineTestKit
    @MigrationTest
    static class MongoDeleteBeforeWrite {
        @TestFactory
        Stream<DynamicTest> checks() {
            return MigrationChecksSizesTest.checks(SizedChains::mongoDeleteBeforeWrite, SizedChains.legacyUsers());
        }
    }

    @OnlyInEngineTestKit
    @MigrationTest
    static class MongoWriteBeforeDelete {
        @TestFactory
        Stream<DynamicTest> checks() {
            return MigrationChecksSizesTest.checks(SizedChains::mongoWriteBeforeDelete, SizedChains.legacyUsers());
        }
    }

    @OnlyInEngineTestKit
    @MigrationTest
    static class S3DeleteBeforeCopyResumable {
        @TestFactory
        Stream<DynamicTest> checks() {
            return MigrationChecksSizesTest.checks(() -> SizedChains.s3DeleteBeforeCopy(true), SizedChains.oldObjects());
        }
    }

    @OnlyInEngineTestKit
    @MigrationTest
    static class S3DeleteBeforeCopyPlain {
        @TestFactory
        Stream<DynamicTest> checks() {
            return MigrationChecksSizesTest.checks(() -> SizedChains.s3DeleteBeforeCopy(false), SizedChains.oldObjects());
        }
    }

    @OnlyInEngineTestKit
    @MigrationTest
    static class S3CopyBeforeDelete {
        @TestFactory
        Stream<DynamicTest> checks() {
            return Stream.concat(
                    MigrationChecksSizesTest.checks(() -> SizedChains.s3CopyBeforeDelete(true), SizedChains.oldObjects()),
                    MigrationChecksSizesTest.checks(() -> SizedChains.s3CopyBeforeDelete(false),
                            SizedChains.oldObjects().named("plain step")));
        }
    }

    @OnlyInEngineTestKit
    @MigrationTest
    static class AssumesPreStepShape {
        @TestFactory
        Stream<DynamicTest> checks() {
            return MigrationChecksSizesTest.checks(SizedChains::assumesPreStepShape, SizedChains.users());
        }
    }

    @OnlyInEngineTestKit
    @MigrationTest
    static class HandlesEitherShape {
        @TestFactory
        Stream<DynamicTest> checks() {
            return MigrationChecksSizesTest.checks(SizedChains::handlesEitherShape, SizedChains.users());
        }
    }

    @OnlyInEngineTestKit
    @MigrationTest
    static class NonDeterministic {
        @TestFactory
        Stream<DynamicTest> checks() {
            return MigrationChecksSizesTest.checks(SizedChains::nonDeterministic, SizedChains.users());
        }
    }

    @OnlyInEngineTestKit
    @MigrationTest
    static class NonDeterministicAccepted {
        @TestFactory
        Stream<DynamicTest> checks() {
            return MigrationChecks.forChain(SizedChains::nonDeterministic).fromFixtures(SizedChains.users())
                    .ignoringFields("users", "migratedAt").ignoringFields("audit", "_id").dynamicTests();
        }
    }

    @OnlyInEngineTestKit
    @MigrationTest
    static class Deterministic {
        @TestFactory
        Stream<DynamicTest> checks() {
            return MigrationChecksSizesTest.checks(SizedChains::deterministic, SizedChains.users());
        }
    }

    private static EngineExecutionResults run(Class<?> fixtureClass, int size) {
        SizedChains.size = size;
        return Kit.run(fixtureClass);
    }

    @ParameterizedTest(name = "{0} document(s)")
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8, 9, 40})
    @DisplayName("a resumable Mongo step that deletes a document before writing its copy fails the crash check right"
            + " after the first delete")
    void mongoDeleteBeforeWrite(int size) {
        EngineExecutionResults results = run(MongoDeleteBeforeWrite.class, size);

        Map<String, Throwable> failures = Kit.failures(results);
        String crash = size + " legacy users: crash in step 'move-users' (1.0.0 → 1.1.0) after write 1 of " + (2 * size)
                + ", then resume: reaches the clean run's data";
        assertThat(failures).containsKey(crash);
        assertThat(failures.get(crash).getMessage())
                .contains("after a crash in step 'move-users' after 1 write(s) (after write 1 of " + (2 * size) + ")")
                .containsAnyOf("users {_id: 1}: document removed", "collection users: removed (1 document)");
        assertThat(failures.keySet()).allMatch(name -> name.contains("crash in step 'move-users'")
                || name.contains("skip-forward"));
    }

    @ParameterizedTest(name = "{0} document(s)")
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8, 9, 40})
    @DisplayName("the same move that writes before it deletes passes every check")
    void mongoWriteBeforeDelete(int size) {
        EngineExecutionResults results = run(MongoWriteBeforeDelete.class, size);

        assertThat(Kit.failures(results)).isEmpty();
        int writes = 2 * size;
        int boundaries = (size + 1) / 2 - 1;
        java.util.List<String> crashes = Kit.names(results.testEvents().succeeded().list()).stream()
                .filter(name -> name.contains(": crash in step")).toList();
        String prefix = size + " legacy users: crash in step 'move-users' (1.0.0 → 1.1.0) after ";
        if (writes <= 64) {
            // every write and every batch boundary
            assertThat(crashes).hasSize(writes + boundaries);
            for (int k = 1; k <= writes; k++) {
                assertThat(crashes).contains(prefix + "write " + k + " of " + writes + ", then resume: reaches the clean run's data");
            }
        } else {
            // every write of the first batch and of the middle one, the last write, 32 sampled; every boundary
            assertThat(crashes).hasSize(4 + 4 + 1 + 32 + boundaries);
            int middle = (size + 1) / 2 / 2 * 4;
            for (int k : new int[] {1, 2, 3, 4, middle + 1, middle + 2, middle + 3, middle + 4, writes}) {
                assertThat(crashes).contains(prefix + "write " + k + " of " + writes + ", then resume: reaches the clean run's data");
            }
        }
        assertThat(crashes).filteredOn(name -> name.contains("after batch ")).hasSize(boundaries);
    }

    @ParameterizedTest(name = "{0} object(s)")
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8, 9})
    @DisplayName("an S3 rename that deletes before it copies fails a crash check, resumable or a plain step")
    void s3DeleteBeforeCopy(int size) {
        for (Class<?> fixtureClass : new Class<?>[] {S3DeleteBeforeCopyResumable.class, S3DeleteBeforeCopyPlain.class}) {
            EngineExecutionResults results = run(fixtureClass, size);

            Map<String, Throwable> failures = Kit.failures(results);
            String then = fixtureClass == S3DeleteBeforeCopyResumable.class ? "then resume" : "then re-run";
            String crash = size + " objects: crash in step 'rename-objects' (1.0.0 → 1.1.0) after write 1 of " + (2 * size)
                    + ", " + then + ": reaches the clean run's data";
            assertThat(failures).as(fixtureClass.getSimpleName()).containsKey(crash);
            assertThat(failures.get(crash).getMessage()).contains("object new/1.txt: removed");
        }
    }

    @ParameterizedTest(name = "{0} object(s)")
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8, 9})
    @DisplayName("an S3 rename that copies before it deletes passes every check, resumable or a plain step")
    void s3CopyBeforeDelete(int size) {
        EngineExecutionResults results = run(S3CopyBeforeDelete.class, size);

        assertThat(Kit.failures(results)).isEmpty();
    }

    @ParameterizedTest(name = "{0} users")
    @ValueSource(ints = {2, 3, 4, 5, 6, 7, 8, 9, 40})
    @DisplayName("a step that throws on partly migrated data fails its skip-forward check, saying the run failed and why")
    void assumesPreStepShape(int size) {
        EngineExecutionResults results = run(AssumesPreStepShape.class, size);

        Map<String, Throwable> failures = Kit.failures(results);
        int writes = size;
        String skip = size + " users: skip-forward from orphan version 1.0.1-orphan inside step 'credits-to-balance'"
                + " (1.0.0 → 1.1.0), on data the step partly migrated (crashed after write " + (writes / 2) + " of "
                + writes + "), reaches the clean run's data";
        assertThat(failures).containsKey(skip);
        assertThat(failures.get(skip).getMessage())
                .contains("with the ledger at orphan version 1.0.1-orphan inside step 'credits-to-balance', on data the"
                        + " step partly migrated")
                .contains("the next run failed")
                .contains("NullPointerException")
                .contains("make the step handle documents and objects already in their new shape");
        assertThat(failures).doesNotContainKey(size + " users: step 'credits-to-balance' (1.0.0 → 1.1.0) is idempotent");
    }

    @ParameterizedTest(name = "{0} user(s)")
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8, 9, 40})
    @DisplayName("the step written for either shape passes every check")
    void handlesEitherShape(int size) {
        assertThat(Kit.failures(run(HandlesEitherShape.class, size))).isEmpty();
    }

    @ParameterizedTest(name = "{0} user(s)")
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8, 9})
    @DisplayName("Instant.now() and new ObjectId() fail the determinism check alone, naming the fields, with advice that fits")
    void nonDeterminism(int size) {
        EngineExecutionResults results = run(NonDeterministic.class, size);

        Map<String, Throwable> failures = Kit.failures(results);
        String determinism = size + " users: two clean runs leave the same data (deterministic)";
        assertThat(failures).containsOnlyKeys(determinism);
        assertThat(failures.get(determinism).getMessage())
                .contains("the chain is not deterministic in audit._id, users.migratedAt")
                .contains("ctx.clock()")
                .contains("derive ids from the data")
                .contains("ignoringFields")
                .doesNotContain("$inc");
    }

    @ParameterizedTest(name = "{0} user(s)")
    @ValueSource(ints = {1, 5, 9})
    @DisplayName("fields named with ignoringFields are left out of every comparison")
    void ignoringFields(int size) {
        assertThat(Kit.failures(run(NonDeterministicAccepted.class, size))).isEmpty();
    }

    @ParameterizedTest(name = "{0} user(s)")
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8, 9})
    @DisplayName("the same step with ctx.clock() and ids derived from the data passes every check")
    void deterministic(int size) {
        assertThat(Kit.failures(run(Deterministic.class, size))).isEmpty();
    }
}
