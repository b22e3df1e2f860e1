package io.smartmigration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import io.smartmigration.support.TestSteps;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("A builder's steps and settings, as tools built on it read and change them (no I/O)")
class BuilderStepsTest {

    /** Never contacted: build() does no I/O. */
    private static final MongoClient CLIENT = MongoClients.create("mongodb://127.0.0.1:1/?serverSelectionTimeoutMS=10");

    @AfterAll
    static void close() {
        CLIENT.close();
    }

    private static SmartMigration.Builder chain() {
        return SmartMigration.builder().targetVersion("1.2.0").mongo(CLIENT, "appdb")
                .step("a").from("1.0.0").to("1.1.0").up(ctx -> { })
                .step(TestSteps.step("b", "1.1.0", "1.2.0"));
    }

    @Test
    @DisplayName("steps() lists the registered steps in chain order, lambda and class steps alike")
    void stepsInOrder() {
        assertThat(chain().steps()).extracting(MigrationStep::id).containsExactly("a", "b");
    }

    @Test
    @DisplayName("steps() is a copy: changing it does not change the builder")
    void stepsIsACopy() {
        SmartMigration.Builder builder = chain();

        assertThatThrownBy(() -> builder.steps().clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThat(builder.steps()).hasSize(2);
    }

    @Test
    @DisplayName("replaceSteps keeps every other setting and builds the new chain")
    void replaceStepsKeepsSettings() {
        SmartMigration.Builder builder = chain().ledgerName("billing").lockTtl(Duration.ofSeconds(42));
        List<MigrationStep> wrapped = new ArrayList<>();
        for (MigrationStep step : builder.steps()) {
            wrapped.add(TestSteps.step(step.id() + "-wrapped", step.from(), step.to()));
        }

        SmartMigration migration = builder.copy().replaceSteps(wrapped).build();

        assertThat(migration.steps()).extracting(MigrationStep::id).containsExactly("a-wrapped", "b-wrapped");
        assertThat(migration.ledger().name()).isEqualTo("billing");
        assertThat(migration.targetVersion()).isEqualTo("1.2.0");
        assertThat(builder.steps()).extracting(MigrationStep::id).containsExactly("a", "b");
    }

    @Test
    @DisplayName("replaceSteps with a null step is INVALID_CONFIG")
    void replaceStepsRefusesNull() {
        List<MigrationStep> withNull = new ArrayList<>();
        withNull.add(null);

        assertThatThrownBy(() -> chain().replaceSteps(withNull)).isInstanceOfSatisfying(SmartMigrationException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_CONFIG));
    }

    @Test
    @DisplayName("replaced steps are validated like added ones: a gap is CHAIN_GAP at build()")
    void replacedStepsAreValidated() {
        SmartMigration.Builder gap = chain().replaceSteps(List.of(TestSteps.step("a", "1.0.0", "1.1.0"),
                TestSteps.step("c", "1.1.5", "1.2.0")));

        assertThatThrownBy(gap::build).isInstanceOfSatisfying(SmartMigrationException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.CHAIN_GAP));
    }

    @Test
    @DisplayName("a copy is independent: settings and steps changed on it leave the original as it was")
    void copyIsIndependent() {
        SmartMigration.Builder original = chain().ledgerName("first");
        SmartMigration.Builder copy = original.copy().ledgerName("second").targetVersion("1.3.0")
                .step("c").from("1.2.0").to("1.3.0").up(ctx -> { });

        SmartMigration fromOriginal = original.build();
        SmartMigration fromCopy = copy.build();

        assertThat(fromOriginal.ledger().name()).isEqualTo("first");
        assertThat(fromOriginal.steps()).hasSize(2);
        assertThat(fromOriginal.targetVersion()).isEqualTo("1.2.0");
        assertThat(fromCopy.ledger().name()).isEqualTo("second");
        assertThat(fromCopy.steps()).extracting(MigrationStep::id).containsExactly("a", "b", "c");
    }

    @Test
    @DisplayName("each runner built without instanceId(...) gets its own host/pid/random id")
    void instanceIdPerRunner() {
        SmartMigration.Builder builder = chain();

        String first = builder.build().ledger().instanceId();
        String second = builder.build().ledger().instanceId();

        assertThat(first).isNotEqualTo(second).contains("/" + ProcessHandle.current().pid() + "/");
        assertThat(builder.instanceId("web-1").build().ledger().instanceId()).isEqualTo("web-1");
    }

    @Test
    @DisplayName("the ledger backend defaults to MONGO with Mongo configured, S3 otherwise, unless chosen")
    void ledgerBackendDefault() {
        assertThat(chain().build().ledger().backend()).isEqualTo(LedgerBackend.MONGO);
    }

    @Test
    @DisplayName("DataVersions orders by SemVer precedence and refuses what is not strict SemVer")
    void dataVersions() {
        assertThat(DataVersions.compare("1.4.0-rc.1", "1.4.0")).isNegative();
        assertThat(DataVersions.compare("1.10.0", "1.9.0")).isPositive();
        assertThat(DataVersions.compare("1.0.0+build.1", "1.0.0")).isZero();
        assertThat(DataVersions.isValid("v1.4")).isFalse();
        assertThat(List.of("2.0.0", "1.0.0-alpha", "1.0.0").stream().sorted(DataVersions.PRECEDENCE).toList())
                .containsExactly("1.0.0-alpha", "1.0.0", "2.0.0");
        assertThatThrownBy(() -> DataVersions.compare("1.0", "1.0.0")).isInstanceOfSatisfying(
                SmartMigrationException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_VERSION));
    }
}
