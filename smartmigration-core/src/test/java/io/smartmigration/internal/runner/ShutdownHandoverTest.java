package io.smartmigration.internal.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smartmigration.ErrorCode;
import io.smartmigration.MigrationResult;
import io.smartmigration.SmartMigration;
import io.smartmigration.SmartMigrationException;
import io.smartmigration.scenarios.MongoTestBackend;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The SIGTERM hand-over hook is registered only while {@code run()} holds the lease. (What it does
 * on a real SIGTERM is tested with real JVMs in the reliability suite: SigtermRollingRestartTest.)
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("Shutdown hook of a run: registered only while the lease is held")
class ShutdownHandoverTest {

    private MongoTestBackend mongo;

    @BeforeAll
    void start() {
        mongo = new MongoTestBackend();
    }

    @AfterAll
    void stop() {
        mongo.close();
    }

    private SmartMigration.Builder chain(List<Integer> hooksInStep, boolean fail) {
        mongo.newNamespace();
        return mongo.configure(SmartMigration.builder().targetVersion("2.0.0")).step("s").from("1.0.0").to("2.0.0")
                .up(ctx -> {
                    hooksInStep.add(ShutdownHandover.registeredHooks());
                    if (fail) {
                        throw new IllegalStateException("boom");
                    }
                });
    }

    @Test
    @DisplayName("GIVEN 20 runs, half failing WHEN each ends THEN a hook was registered during its step and none is"
            + " left afterwards (no leak across runs)")
    void hookOnlyWhileHoldingTheLease() {
        int before = ShutdownHandover.registeredHooks();
        List<Integer> inStep = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            SmartMigration migration = chain(inStep, i % 2 == 1).build();
            if (i % 2 == 1) {
                assertThatThrownBy(migration::run).isInstanceOf(SmartMigrationException.class);
            } else {
                MigrationResult result = migration.run();
                assertThat(result.reachedTarget()).isTrue();
                assertThat(migration.run().stepsApplied()).as("a no-op run takes no lock and registers nothing").isEmpty();
            }
            assertThat(ShutdownHandover.registeredHooks()).as("after run %d", i).isEqualTo(before);
        }
        assertThat(inStep).hasSize(20).containsOnly(before + 1);
    }

    @Test
    @DisplayName("GIVEN a shutdownGrace of zero or below THEN build() fails with INVALID_CONFIG naming it")
    void graceMustBePositive() {
        for (Duration grace : List.of(Duration.ZERO, Duration.ofSeconds(-1))) {
            assertThatThrownBy(() -> chain(new ArrayList<>(), false).shutdownGrace(grace).build())
                    .isInstanceOfSatisfying(SmartMigrationException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_CONFIG))
                    .hasMessageContaining("shutdownGrace");
        }
    }
}
