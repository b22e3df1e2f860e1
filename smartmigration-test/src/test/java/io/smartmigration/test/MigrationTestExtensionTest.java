package io.smartmigration.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.bson.Document;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Bucket;

@DisplayName("@MigrationTest")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MigrationTestExtensionTest {

    // ----- fixture classes, run through EngineTestKit -----

    @OnlyInEngineTestKit
    @MigrationTest
    static class InjectsEverything {
        @Test
        void everything(MongoClient client, MongoDatabase db, S3Client s3, TestBucket bucket, MigrationHarness h) {
            assertThat(db.getName()).startsWith("smt_everything_");
            assertThat(bucket.name()).startsWith("smt-everything-");
            assertThat(bucket.client()).isSameAs(s3);
            assertThat(h.database().getName()).isEqualTo(db.getName());
            assertThat(h.bucket()).isEqualTo(bucket);
            assertThat(s3.listBuckets().buckets()).extracting(Bucket::name).contains(bucket.name());
            db.getCollection("users").insertOne(new Document("_id", 1));
            assertThat(client.getDatabase(db.getName()).getCollection("users").countDocuments()).isEqualTo(1);
        }
    }

    @OnlyInEngineTestKit
    @MigrationTest
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    static class Isolation {
        static final List<String> DATABASES = new CopyOnWriteArrayList<>();
        static final List<String> BUCKETS = new CopyOnWriteArrayList<>();
        static final List<MongoClient> CLIENTS = new CopyOnWriteArrayList<>();

        @Test
        @Order(1)
        void first(MongoDatabase db, TestBucket bucket, MongoClient client) {
            writeAndCheck(db, bucket, client, "first");
        }

        @Test
        @Order(2)
        void second(MongoDatabase db, TestBucket bucket, MongoClient client) {
            writeAndCheck(db, bucket, client, "second");
        }

        private static void writeAndCheck(MongoDatabase db, TestBucket bucket, MongoClient client, String who) {
            DATABASES.add(db.getName());
            BUCKETS.add(bucket.name());
            CLIENTS.add(client);
            assertThat(db.getCollection("users").countDocuments()).isZero();
            assertThat(bucket.keys()).isEmpty();
            db.getCollection("users").insertOne(new Document("_id", 1).append("by", who));
            bucket.put("shared.txt", who);
            assertThat(db.getCollection("users").countDocuments()).isEqualTo(1);
        }
    }

    @OnlyInEngineTestKit
    @MigrationTest
    static class FailsAfterWriting {
        @Test
        void fails(MongoDatabase db, TestBucket bucket) {
            db.getCollection("users").insertOne(new Document("_id", 1));
            bucket.put("evidence.txt", "kept for the post-mortem");
            fail("on purpose");
        }
    }

    @OnlyInEngineTestKit
    @MigrationTest(mongo = false)
    static class AsksForMongoWithoutMongo {
        @Test
        void test(MongoDatabase db) {
        }
    }

    @OnlyInEngineTestKit
    @MigrationTest
    static class AsksForACollection {
        @Test
        void test(MongoCollection<Document> users) {
        }
    }

    @OnlyInEngineTestKit
    @MigrationTest
    static class DatabaseInTheConstructor {
        DatabaseInTheConstructor(MongoDatabase db) {
        }

        @Test
        void test() {
        }
    }

    @OnlyInEngineTestKit
    @MigrationTest(mongo = false, s3 = false)
    static class NothingToTest {
        @Test
        void test() {
        }
    }

    @OnlyInEngineTestKit
    @MigrationTest(backend = Backend.EXTERNAL)
    static class ExternalWithoutEndpoints {
        @Test
        void test(MongoDatabase db) {
        }
    }

    @OnlyInEngineTestKit
    @MigrationTest
    @SeedFixture("fixtures/1.0.0")
    static class Seeded {
        @Test
        void seeded(MigrationHarness h, MongoDatabase db, TestBucket bucket) {
            assertThat(db.getCollection("users").countDocuments()).isEqualTo(3);
            assertThat(bucket.getText("docs/readme.txt")).isEqualTo("hello\n");
            assertThat(h.ledgerVersion()).contains("1.0.0");
        }
    }

    @OnlyInEngineTestKit
    @MigrationTest(s3 = false)
    @SeedFixture("fixtures/1.0.0")
    static class SeededWithoutS3 {
        @Test
        void test() {
        }
    }

    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.TYPE)
    @MigrationTest(s3 = false)
    @interface MongoOnlyMigrationTest {
    }

    @OnlyInEngineTestKit
    @MongoOnlyMigrationTest
    static class MetaAnnotated {
        @Test
        void mongoOnly(MigrationHarness h, MongoDatabase db) {
            h.seed(Fixture.at("1.0.0").documents("users", new Document("_id", 1)));
            assertThat(db.getCollection("users").countDocuments()).isEqualTo(1);
            assertThatThrownBy(h::bucket).hasMessageContaining("sets s3 = false");
        }
    }

    @OnlyInEngineTestKit
    @MigrationTest(s3 = false)
    static class MethodOverridesClass {
        @Test
        @MigrationTest
        void withS3(TestBucket bucket) {
            bucket.put("k.txt", "v");
            assertThat(bucket.keys()).containsExactly("k.txt");
        }
    }

    @OnlyInEngineTestKit
    @MigrationTest(backend = Backend.CONTAINERS)
    static class NeedsContainers {
        @Test
        void test(MongoDatabase db) {
        }
    }

    @OnlyInEngineTestKit
    @MigrationTest(s3 = false)
    static class Outer {
        @Nested
        class Inner {
            @Test
            void inheritsTheEnclosingClassSettings(MigrationHarness h, MongoDatabase db) {
                assertThat(db.getName()).startsWith("smt_");
                assertThatThrownBy(h::bucket).hasMessageContaining("@MigrationTest on Outer sets s3 = false");
            }
        }
    }

    @OnlyInEngineTestKit
    @MigrationTest
    static class Parameterized {
        static final List<String> DATABASES = new CopyOnWriteArrayList<>();

        static Stream<Fixture> fixtures() {
            return Stream.of(Fixture.at("1.0.0").named("first"), Fixture.at("1.0.0").named("second"));
        }

        @ParameterizedTest
        @MethodSource("fixtures")
        void eachInvocationGetsItsOwnData(Fixture fixture, MigrationHarness h, MongoDatabase db) {
            DATABASES.add(db.getName());
            h.seed(fixture.documents("users", new Document("_id", 1)));
            assertThat(db.getCollection("users").countDocuments()).isEqualTo(1);
        }
    }

    // ----- the tests -----

    @Test
    @DisplayName("injects MongoClient, MongoDatabase, S3Client, TestBucket and MigrationHarness for the test's own data")
    void injectsEverything() {
        EngineExecutionResults results = Kit.run(InjectsEverything.class);

        assertThat(Kit.failures(results)).isEmpty();
        results.testEvents().assertStatistics(s -> s.succeeded(1));
    }

    @Test
    @DisplayName("two tests writing the same collection and key never see each other's data, and share the servers")
    void isolatesTests() {
        EngineExecutionResults results = Kit.run(Isolation.class);

        assertThat(Kit.failures(results)).isEmpty();
        results.testEvents().assertStatistics(s -> s.succeeded(2));
        assertThat(Set.copyOf(Isolation.DATABASES)).hasSize(2);
        assertThat(Set.copyOf(Isolation.BUCKETS)).hasSize(2);
        assertThat(Isolation.CLIENTS.get(0)).isSameAs(Isolation.CLIENTS.get(1));
    }

    @Test
    @DisplayName("after the run no test database or bucket is left")
    void cleansUp() {
        Isolation.DATABASES.clear();
        Isolation.BUCKETS.clear();
        Kit.run(Isolation.class);

        try (MongoClient client = Kit.mongo().newClient(); S3Client s3 = Kit.s3().newClient()) {
            List<String> databases = client.listDatabaseNames().into(new ArrayList<>());
            List<String> buckets = s3.listBuckets().buckets().stream().map(Bucket::name).toList();
            assertThat(Isolation.DATABASES).hasSize(2);
            assertThat(Isolation.BUCKETS).hasSize(2);
            assertThat(databases).doesNotContainAnyElementsOf(Isolation.DATABASES);
            assertThat(buckets).doesNotContainAnyElementsOf(Isolation.BUCKETS);
            assertThat(databases).noneMatch(name -> name.startsWith("smt_"));
            assertThat(buckets).noneMatch(name -> name.startsWith("smt-"));
        }
    }

    @Test
    @DisplayName("a failed test's data is removed too, unless smartmigration.test.keep=true")
    void failedTestsAreCleanedUp() {
        EngineExecutionResults results = Kit.run(FailsAfterWriting.class);

        results.testEvents().assertStatistics(s -> s.failed(1));
        assertThat(results.allEvents().reportingEntryPublished().count()).isZero();
        try (MongoClient client = Kit.mongo().newClient()) {
            assertThat(client.listDatabaseNames().into(new ArrayList<>())).noneMatch(name -> name.startsWith("smt_"));
        }
    }

    @Test
    @DisplayName("with smartmigration.test.keep=true a failed test's database and bucket stay, and their names are reported")
    void keepsAFailedTestsData() {
        EngineExecutionResults results = Kit.run(FailsAfterWriting.class, Map.of("smartmigration.test.keep", "true"));

        results.testEvents().assertStatistics(s -> s.failed(1));
        ReportEntry entry = results.allEvents().reportingEntryPublished().stream()
                .map(e -> e.getPayload(ReportEntry.class).orElseThrow()).findFirst().orElseThrow();
        String kept = entry.getKeyValuePairs().get("smartmigration.kept");
        assertThat(kept).matches("database smt_fails_\\S+, bucket smt-fails-\\S+");
        String database = kept.substring("database ".length(), kept.indexOf(','));
        String bucket = kept.substring(kept.indexOf("bucket ") + "bucket ".length());
        try (MongoClient client = Kit.mongo().newClient(); S3Client s3 = Kit.s3().newClient()) {
            try {
                assertThat(client.getDatabase(database).getCollection("users").countDocuments()).isEqualTo(1);
                assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key("evidence.txt")).asUtf8String())
                        .isEqualTo("kept for the post-mortem");
            } finally {
                client.getDatabase(database).drop();
                s3.deleteObject(b -> b.bucket(bucket).key("evidence.txt"));
                s3.deleteBucket(b -> b.bucket(bucket));
            }
        }
    }

    @Test
    @DisplayName("asking for a MongoDatabase with mongo = false fails with a message that says what to change")
    void mongoParameterWithoutMongo() {
        Throwable failure = onlyFailure(Kit.run(AsksForMongoWithoutMongo.class));

        assertThat(failure).isInstanceOf(ParameterResolutionException.class)
                .hasMessageContaining("parameter #1 of AsksForMongoWithoutMongo.test() asks for a MongoDatabase but"
                        + " @MigrationTest on AsksForMongoWithoutMongo sets mongo = false: set mongo = true, or remove"
                        + " the parameter");
    }

    @Test
    @DisplayName("asking for a type the toolkit does not inject says what to ask for instead")
    void unknownParameterType() {
        Throwable failure = onlyFailure(Kit.run(AsksForACollection.class));

        assertThat(failure).isInstanceOf(ParameterResolutionException.class)
                .hasMessageContaining("asks for a MongoCollection, which @MigrationTest does not inject: inject"
                        + " MongoDatabase and call getCollection(name)");
    }

    @Test
    @DisplayName("asking for the test's database outside a test method explains that each test gets its own")
    void databaseInTheConstructor() {
        Throwable failure = onlyFailure(Kit.run(DatabaseInTheConstructor.class));

        assertThat(failure).isInstanceOf(ParameterResolutionException.class)
                .hasMessageContaining("DatabaseInTheConstructor.<init>() asks for a MongoDatabase outside a test method");
    }

    @Test
    @DisplayName("mongo = false and s3 = false together is a configuration error")
    void nothingToTest() {
        Throwable failure = onlyFailure(Kit.run(NothingToTest.class));

        assertThat(failure).isInstanceOf(ExtensionConfigurationException.class)
                .hasMessageContaining("sets mongo = false and s3 = false, which leaves nothing to test");
    }

    @Test
    @DisplayName("backend EXTERNAL without an endpoint is a configuration error naming the property and variable")
    void externalWithoutEndpoint() {
        Throwable failure = onlyFailure(Kit.runOwnServers(ExternalWithoutEndpoints.class, Map.of()));

        assertThat(failure).isInstanceOf(ExtensionConfigurationException.class)
                .hasMessageContaining("backend EXTERNAL needs the MongoDB endpoint: set smartmigration.test.mongo.uri")
                .hasMessageContaining("SMARTMIGRATION_TEST_MONGO_URI");
    }

    @Test
    @DisplayName("an unknown smartmigration.test.backend is a configuration error listing the choices")
    void unknownBackendOverride() {
        Throwable failure = onlyFailure(Kit.runOwnServers(InjectsEverything.class,
                Map.of("smartmigration.test.backend", "docker")));

        assertThat(failure).isInstanceOf(ExtensionConfigurationException.class)
                .hasMessageContaining("smartmigration.test.backend is 'docker': use one of AUTO, EMBEDDED, CONTAINERS,"
                        + " EXTERNAL");
    }

    @Test
    @DisplayName("the run-wide override EMBEDDED starts the toolkit's own in-process servers")
    void embeddedOverride() {
        EngineExecutionResults results = Kit.runOwnServers(InjectsEverything.class,
                Map.of("smartmigration.test.backend", "EMBEDDED"));

        assertThat(Kit.failures(results)).isEmpty();
        results.testEvents().assertStatistics(s -> s.succeeded(1));
    }

    @Test
    @DisplayName("@SeedFixture seeds the data and stamps the ledger before the test")
    void seedFixture() {
        EngineExecutionResults results = Kit.run(Seeded.class);

        assertThat(Kit.failures(results)).isEmpty();
        results.testEvents().assertStatistics(s -> s.succeeded(1));
    }

    @Test
    @DisplayName("@SeedFixture with objects on a test without S3 is a configuration error")
    void seedFixtureNeedsItsBackends() {
        Throwable failure = onlyFailure(Kit.run(SeededWithoutS3.class));

        assertThat(failure).isInstanceOf(ExtensionConfigurationException.class)
                .hasMessageContaining("@SeedFixture(\"fixtures/1.0.0\") holds 2 collection(s) and 3 object(s)");
    }

    @Test
    @DisplayName("@MigrationTest works as a meta-annotation")
    void metaAnnotation() {
        EngineExecutionResults results = Kit.run(MetaAnnotated.class);

        assertThat(Kit.failures(results)).isEmpty();
        results.testEvents().assertStatistics(s -> s.succeeded(1));
    }

    @Test
    @DisplayName("a method's @MigrationTest wins over its class's")
    void methodOverridesClass() {
        EngineExecutionResults results = Kit.run(MethodOverridesClass.class);

        assertThat(Kit.failures(results)).isEmpty();
        results.testEvents().assertStatistics(s -> s.succeeded(1));
    }

    @Test
    @DisplayName("a @Nested class runs under its enclosing class's @MigrationTest")
    void nestedClasses() {
        EngineExecutionResults results = Kit.run(Outer.class);

        assertThat(Kit.failures(results)).isEmpty();
        results.testEvents().assertStatistics(s -> s.succeeded(1));
    }

    @Test
    @DisplayName("a parameterized test takes its arguments and injected parameters, with its own data per invocation")
    void parameterizedTests() {
        EngineExecutionResults results = Kit.run(Parameterized.class);

        assertThat(Kit.failures(results)).isEmpty();
        results.testEvents().assertStatistics(s -> s.succeeded(2));
        assertThat(Set.copyOf(Parameterized.DATABASES)).hasSize(2);
    }

    @Test
    @DisplayName("backend CONTAINERS without a Docker engine skips the test with the reason, and does not fail it")
    void containersWithoutDockerAreSkipped() {
        org.junit.jupiter.api.Assumptions.assumeFalse(
                io.smartmigration.test.internal.DockerProbe.ofThisMachine().find().present(),
                "a Docker engine answers here: the CONTAINERS tests run instead of being skipped");

        EngineExecutionResults results = Kit.run(NeedsContainers.class);

        results.testEvents().assertStatistics(s -> s.skipped(1).failed(0).started(0));
        assertThat(results.testEvents().skipped().list().get(0).getPayload(String.class).orElseThrow())
                .contains("backend CONTAINERS needs a Docker engine and none answers (no Docker engine: no DOCKER_HOST");
    }

    private static Throwable onlyFailure(EngineExecutionResults results) {
        Map<String, Throwable> failures = Kit.failures(results);
        assertThat(failures).hasSize(1);
        return failures.values().iterator().next();
    }
}
