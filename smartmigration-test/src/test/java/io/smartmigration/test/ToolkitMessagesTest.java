package io.smartmigration.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import io.smartmigration.ErrorCode;
import io.smartmigration.SmartMigration;
import io.smartmigration.SmartMigrationException;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.bson.Document;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.Event;
import software.amazon.awssdk.services.s3.S3Client;

@MigrationTest
@DisplayName("The toolkit's messages")
class ToolkitMessagesTest {

    @Target(ElementType.TYPE)
    @Retention(RetentionPolicy.RUNTIME)
    @MigrationTest(s3 = false)
    @interface MongoOnly {
    }

    @OnlyInEngineTestKit
    @MongoOnly
    static class ThroughMetaAnnotation {
        @Test
        void test(MigrationHarness h) {
            assertThatThrownBy(h::bucket)
                    .hasMessageContaining("@MigrationTest (through @MongoOnly) on ThroughMetaAnnotation sets s3 = false");
        }
    }

    @MigrationTest(s3 = false)
    abstract static class MongoOnlyBase {
    }

    @OnlyInEngineTestKit
    static class InheritsMongoOnly extends MongoOnlyBase {
        @Test
        void test(MigrationHarness h) {
            assertThatThrownBy(h::bucket)
                    .hasMessageContaining("@MigrationTest on MongoOnlyBase (inherited by InheritsMongoOnly) sets s3 = false");
        }
    }

    @Test
    @DisplayName("a @MigrationTest that comes through a meta-annotation or a superclass is named where it is declared")
    void namesWhereTheAnnotationIsDeclared() {
        for (Class<?> fixtureClass : List.of(ThroughMetaAnnotation.class, InheritsMongoOnly.class)) {
            EngineExecutionResults results = Kit.run(fixtureClass);

            assertThat(Kit.failures(results)).as(fixtureClass.getSimpleName()).isEmpty();
            results.testEvents().assertStatistics(s -> s.succeeded(1));
        }
    }

    @Test
    @DisplayName("seeding twice says to call h.reset() first, instead of a raw duplicate-key error")
    void seedingTwice(MigrationHarness h) {
        h.seed(Chains.users());

        assertThatThrownBy(() -> h.seed(Chains.users()))
                .isInstanceOfSatisfying(SmartMigrationException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_CONFIG))
                .hasMessageContaining("seed(three users): collection users already holds a document with one of the"
                        + " fixture's _ids")
                .hasMessageContaining("call h.reset() before seeding again");
    }

    @Test
    @DisplayName("Crash.afterBatches on a step that walks no batches suggests afterWrites")
    void afterBatchesWithoutBatches(MigrationHarness h) {
        h.seed(Chains.users());

        assertThatThrownBy(() -> h.runWithCrash(Chains.addStatusOnly(), Crash.inStep("add-status").afterBatches(1)))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("step 'add-status' walks no batches")
                .hasMessageContaining("Crash.inStep(\"add-status\").afterWrites(n) for n from 1 to 1");
    }

    static SmartMigration.Builder failingChain() {
        return SmartMigration.builder().targetVersion("1.1.0")
                .step("broken").from("1.0.0").to("1.1.0").up(ctx -> {
                    throw new IllegalStateException("broken on purpose");
                });
    }

    @OnlyInEngineTestKit
    @MigrationTest
    static class CleanRunFails {
        @TestFactory
        Stream<DynamicTest> checks() {
            return MigrationChecks.forChain(ToolkitMessagesTest::failingChain).fromFixtures(Chains.users()).dynamicTests();
        }
    }

    @Test
    @DisplayName("a fixture whose clean run fails gets one failed check, named after the chain's target")
    void cleanRunFails() {
        Map<String, Throwable> failures = Kit.failures(Kit.run(CleanRunFails.class));

        assertThat(failures).containsOnlyKeys("three users: reaches target 1.1.0 from 1.0.0");
        assertThat(failures.values().iterator().next()).hasMessageContaining("broken on purpose");
    }

    @OnlyInEngineTestKit
    @MigrationTest
    static class IncrementingChecks {
        @TestFactory
        Stream<DynamicTest> checks() {
            return MigrationChecks.forChain(Chains::incrementing).fromFixtures(Chains.users()).dynamicTests();
        }
    }

    @Test
    @DisplayName("with smartmigration.test.keep=true a failed generated check keeps its data, reports it, and skips the"
            + " later checks that would overwrite it")
    void failedCheckKeepsItsData() {
        EngineExecutionResults results = Kit.run(IncrementingChecks.class, Map.of("smartmigration.test.keep", "true"));

        String failed = "three users: step 'count-logins' (1.0.0 → 1.1.0) is idempotent";
        assertThat(Kit.failures(results)).containsOnlyKeys(failed);
        List<Event> entries = results.allEvents().reportingEntryPublished().list();
        assertThat(entries).singleElement().satisfies(e -> assertThat(e.getTestDescriptor().getDisplayName()).isEqualTo(failed));
        assertThat(Kit.names(results.testEvents().aborted().list())).isNotEmpty()
                .allMatch(name -> name.contains("skip-forward") || name.contains("crash in step"));
        assertThat(results.testEvents().aborted().list().get(0).getPayload(org.junit.platform.engine.TestExecutionResult.class)
                .flatMap(org.junit.platform.engine.TestExecutionResult::getThrowable).orElseThrow())
                .hasMessageContaining("not run: the data of the failed check \"" + failed + "\" is kept");
        String kept = entries.get(0).getPayload(ReportEntry.class).orElseThrow().getKeyValuePairs().get("smartmigration.kept");
        String database = kept.substring("database ".length(), kept.indexOf(','));
        String bucket = kept.substring(kept.indexOf("bucket ") + "bucket ".length());
        try (MongoClient client = Kit.mongo().newClient(); S3Client s3 = Kit.s3().newClient()) {
            try {
                // the data the failed check left: logins incremented twice
                assertThat(client.getDatabase(database).getCollection("users").find(new Document("_id", 1)).first())
                        .containsEntry("logins", 2);
            } finally {
                client.getDatabase(database).drop();
                s3.listObjectsV2(b -> b.bucket(bucket)).contents()
                        .forEach(o -> s3.deleteObject(b -> b.bucket(bucket).key(o.key())));
                s3.deleteBucket(b -> b.bucket(bucket));
            }
        }
    }

    @OnlyInEngineTestKit
    @MigrationTest
    static class AbortedAfterWriting {
        @Test
        void aborted(MongoDatabase db) {
            db.getCollection("users").insertOne(new Document("_id", 1));
            Assumptions.abort("not for this environment");
        }
    }

    @Test
    @DisplayName("a test aborted by an assumption is not kept, even with smartmigration.test.keep=true")
    void abortedTestIsNotKept() {
        EngineExecutionResults results = Kit.run(AbortedAfterWriting.class, Map.of("smartmigration.test.keep", "true"));

        results.testEvents().assertStatistics(s -> s.aborted(1).failed(0));
        assertThat(results.allEvents().reportingEntryPublished().count()).isZero();
        try (MongoClient client = Kit.mongo().newClient()) {
            assertThat(client.listDatabaseNames().into(new ArrayList<>())).noneMatch(name -> name.startsWith("smt_aborted"));
        }
    }
}
