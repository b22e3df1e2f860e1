package io.smartmigration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import java.time.Duration;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

@DisplayName("SmartMigration.Builder.build() validates before any I/O")
class BuilderValidationTest {

    /** Never contacted: build() does no I/O, so a client to a closed port is enough. */
    private static final MongoClient CLIENT = MongoClients.create("mongodb://127.0.0.1:1/?serverSelectionTimeoutMS=10");
    private static final StepHandler NOTHING = ctx -> { };

    @AfterAll
    static void close() {
        CLIENT.close();
    }

    private static SmartMigration.Builder valid() {
        return SmartMigration.builder().targetVersion("2.0.0").mongo(CLIENT, "appdb");
    }

    private static AbstractThrowableAssert<?, ?> assertFails(SmartMigration.Builder builder, ErrorCode code) {
        return assertThatThrownBy(builder::build)
                .isInstanceOfSatisfying(SmartMigrationException.class, e -> assertThat(e.code()).isEqualTo(code));
    }

    @Test
    @DisplayName("a valid chain builds without contacting the backend")
    void validChainBuilds() {
        assertThatCode(() -> valid()
                .step("a").from("1.0.0").to("1.1.0").up(NOTHING)
                .step("b").from("1.1.0").to("2.0.0").up(NOTHING)
                .build()).doesNotThrowAnyException();
    }

    @Test
    @DisplayName("a missing targetVersion is INVALID_CONFIG")
    void missingTarget() {
        assertFails(SmartMigration.builder().mongo(CLIENT, "appdb"), ErrorCode.INVALID_CONFIG)
                .hasMessageContaining("targetVersion");
    }

    @Test
    @DisplayName("no backend at all is INVALID_CONFIG naming both ways to configure one")
    void noBackend() {
        assertFails(SmartMigration.builder().targetVersion("1.0.0"), ErrorCode.INVALID_CONFIG)
                .hasMessageContaining(".mongo(").hasMessageContaining(".s3(");
    }

    @Test
    @DisplayName("an S3 ledger without a bucket is INVALID_CONFIG")
    void s3LedgerWithoutBucket() {
        assertFails(valid().ledgerBackend(LedgerBackend.S3), ErrorCode.INVALID_CONFIG).hasMessageContaining("bucket");
    }

    static Stream<UnaryOperator<SmartMigration.Builder>> badDurations() {
        return Stream.of(b -> b.lockWait(Duration.ofSeconds(-1)), b -> b.lockTtl(Duration.ZERO),
                b -> b.lockTtl(null), b -> b.lockTtl(Duration.ofMillis(5)));
    }

    @ParameterizedTest
    @MethodSource("badDurations")
    @DisplayName("bad lock durations are INVALID_CONFIG")
    void badDuration(UnaryOperator<SmartMigration.Builder> change) {
        assertFails(change.apply(valid()), ErrorCode.INVALID_CONFIG).hasMessageContaining("lock");
    }

    @ParameterizedTest
    @MethodSource("io.smartmigration.BuilderValidationTest#invalidVersions")
    @DisplayName("a target that is not strict SemVer is INVALID_VERSION naming it")
    void invalidTarget(String version) {
        assertFails(valid().targetVersion(version), ErrorCode.INVALID_VERSION).hasMessageContaining("'" + version + "'");
    }

    static Stream<String> invalidVersions() {
        return Stream.of("1", "1.0", "v1.0.0", "01.0.0", "1.0.0-", "1.0.0+", "1.0.0.0", "latest", " 1.0.0", "1.0.0-01",
                "1..0", "-1.0.0", "1.0.0-rc..1", "1.0.0 ", "1.x.0", "");
    }

    @Test
    @DisplayName("a step version that is not strict SemVer is INVALID_VERSION naming the step")
    void invalidStepVersion() {
        assertFails(valid().step("a").from("1.0").to("2.0.0").up(NOTHING), ErrorCode.INVALID_VERSION)
                .hasMessageContaining("step 'a' from").hasMessageContaining("'1.0'");
    }

    @Test
    @DisplayName("a freshInstallVersion that is not strict SemVer is INVALID_VERSION")
    void invalidFreshInstall() {
        assertFails(valid().freshInstallVersion("2.0"), ErrorCode.INVALID_VERSION).hasMessageContaining("freshInstallVersion");
    }

    @Test
    @DisplayName("a freshInstallVersion above the target is INVALID_CONFIG")
    void freshInstallAboveTarget() {
        assertFails(valid().freshInstallVersion("3.0.0"), ErrorCode.INVALID_CONFIG).hasMessageContaining("3.0.0");
    }

    @Test
    @DisplayName("two steps with one id are DUPLICATE_STEP_ID")
    void duplicateIds() {
        assertFails(valid().step("a").from("1.0.0").to("1.1.0").up(NOTHING).step("a").from("1.1.0").to("2.0.0").up(NOTHING),
                ErrorCode.DUPLICATE_STEP_ID).hasMessageContaining("'a'");
    }

    @Test
    @DisplayName("a step whose from is not below its to is INVALID_STEP_RANGE")
    void reversedRange() {
        assertFails(valid().step("down").from("2.0.0").to("1.0.0").up(NOTHING), ErrorCode.INVALID_STEP_RANGE)
                .hasMessageContaining("'down'").hasMessageContaining("2.0.0").hasMessageContaining("1.0.0");
        assertFails(valid().step("flat").from("1.0.0").to("1.0.0").up(NOTHING), ErrorCode.INVALID_STEP_RANGE);
    }

    @Test
    @DisplayName("a step that does not start where the previous one ends is CHAIN_GAP")
    void chainGap() {
        assertFails(valid().step("a").from("1.0.0").to("1.1.0").up(NOTHING).step("b").from("1.2.0").to("2.0.0").up(NOTHING),
                ErrorCode.CHAIN_GAP).hasMessageContaining("'a'").hasMessageContaining("'b'").hasMessageContaining("1.1.0")
                .hasMessageContaining("1.2.0");
    }

    @Test
    @DisplayName("a step straddling the target is TARGET_NOT_REACHABLE")
    void straddlingStep() {
        assertFails(valid().targetVersion("1.5.0").step("a").from("1.0.0").to("2.0.0").up(NOTHING),
                ErrorCode.TARGET_NOT_REACHABLE).hasMessageContaining("1.5.0");
    }

    @Test
    @DisplayName("a step started without a handler is INVALID_CONFIG")
    void unfinishedStep() {
        SmartMigration.Builder builder = valid();
        builder.step("half").from("1.0.0").to("2.0.0");
        assertFails(builder, ErrorCode.INVALID_CONFIG).hasMessageContaining("'half'").hasMessageContaining(".up(");
    }

    @Test
    @DisplayName("a null handler is INVALID_CONFIG")
    void nullHandler() {
        assertThatThrownBy(() -> valid().step("a").from("1.0.0").to("2.0.0").up(null))
                .isInstanceOfSatisfying(SmartMigrationException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_CONFIG));
    }

    @Test
    @DisplayName("a ledger name unfit for a key is INVALID_CONFIG")
    void badLedgerName() {
        assertFails(valid().ledgerName("a/b"), ErrorCode.INVALID_CONFIG).hasMessageContaining("a/b");
    }

    @Test
    @DisplayName("a builder can be reused: copies are independent")
    void copiesAreIndependent() {
        SmartMigration.Builder base = valid().step("a").from("1.0.0").to("2.0.0").up(NOTHING);
        SmartMigration.Builder copy = base.copy().targetVersion("3.0.0").step("b").from("2.0.0").to("3.0.0").up(NOTHING);

        assertThat(base.build().steps()).hasSize(1);
        assertThat(copy.build().steps()).hasSize(2);
        assertThat(base.build().targetVersion()).isEqualTo("2.0.0");
    }

    @Test
    @DisplayName(".s3(null, bucket) is INVALID_CONFIG naming the null S3Client, not 'no backend'")
    void nullS3Client() {
        assertFails(SmartMigration.builder().targetVersion("1.0.0").s3(null, "app-bucket"), ErrorCode.INVALID_CONFIG)
                .hasMessageContaining(".s3(null, \"app-bucket\")").hasMessageContaining("null S3Client")
                .hasMessageNotContaining("no backend");
    }

    @Test
    @DisplayName(".mongo(null, database) is INVALID_CONFIG naming the null MongoClient")
    void nullMongoClient() {
        assertFails(SmartMigration.builder().targetVersion("1.0.0").mongo(null, "appdb"), ErrorCode.INVALID_CONFIG)
                .hasMessageContaining(".mongo(null, \"appdb\")").hasMessageContaining("null MongoClient");
    }

    @Test
    @DisplayName("a step without .from() is INVALID_CONFIG naming the missing call")
    void stepWithoutFrom() {
        assertFails(valid().step("s1").to("2.0.0").up(NOTHING), ErrorCode.INVALID_CONFIG)
                .hasMessageContaining("step 's1' has no 'from' version").hasMessageContaining(".from(\"x.y.z\")")
                .hasMessageNotContaining("SemVer");
        assertFails(valid().step("s1").from("1.0.0").up(NOTHING), ErrorCode.INVALID_CONFIG)
                .hasMessageContaining("step 's1' has no 'to' version").hasMessageContaining(".to(\"x.y.z\")");
    }

    @Test
    @DisplayName("a MigrationStep class returning no from() is INVALID_CONFIG naming the class")
    void classStepWithoutFrom() {
        assertFails(valid().step(io.smartmigration.support.TestSteps.step("c1", null, "2.0.0")), ErrorCode.INVALID_CONFIG)
                .hasMessageContaining("step 'c1' has no 'from' version").hasMessageContaining("from() in");
    }

    @Test
    @DisplayName("an index declaration without Mongo (an S3-only application) is INVALID_CONFIG at build()")
    void indexWithoutMongo() {
        software.amazon.awssdk.services.s3.S3Client s3 = software.amazon.awssdk.services.s3.S3Client.builder()
                .region(software.amazon.awssdk.regions.Region.US_EAST_1).build();
        try (s3) {
            assertFails(SmartMigration.builder().targetVersion("1.0.0").s3(s3, "bucket")
                    .index("users", com.mongodb.client.model.Indexes.ascending("email")), ErrorCode.INVALID_CONFIG)
                    .hasMessageContaining(".index(\"users\"").hasMessageContaining(".mongo(");
        }
    }

    @Test
    @DisplayName("an index declaration with no key or no collection is INVALID_CONFIG")
    void badIndexDeclarations() {
        assertFails(valid().index("users", new org.bson.Document()), ErrorCode.INVALID_CONFIG).hasMessageContaining("no key");
        assertFails(valid().index(null, com.mongodb.client.model.Indexes.ascending("a")), ErrorCode.INVALID_CONFIG)
                .hasMessageContaining("collection");
        assertFails(valid().index("users", null), ErrorCode.INVALID_CONFIG).hasMessageContaining("null keys");
    }
}
