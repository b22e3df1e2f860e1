package io.smartmigration.scenarios;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smartmigration.AppliedStep;
import io.smartmigration.ErrorCode;
import io.smartmigration.HistoryEntry;
import io.smartmigration.HistoryStatus;
import io.smartmigration.MigrationPlan;
import io.smartmigration.MigrationResult;
import io.smartmigration.Outcome;
import io.smartmigration.PlannedStep;
import io.smartmigration.SmartMigration;
import io.smartmigration.SmartMigrationException;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Planner semantics carried out against a real ledger; run once per backend by subclasses. */
public abstract class ChainScenarios extends ScenarioBase {

    @Test
    @DisplayName("a fresh ledger runs the whole chain once and ends at the target")
    void freshLedgerRunsWholeChain() {
        MigrationResult result = fourSteps().build().run();

        assertThat(result.outcome()).isEqualTo(Outcome.MIGRATED);
        assertThat(result.currentVersionBefore()).isEmpty();
        assertThat(result.currentVersionAfter()).contains(TARGET);
        assertThat(result.stepsApplied()).extracting(AppliedStep::id).containsExactly("s1", "s2", "s3", "s4");
        assertThat(List.of(runsOf("s1"), runsOf("s2"), runsOf("s3"), runsOf("s4"))).containsOnly(1);
        assertThat(history()).extracting(HistoryEntry::stepId, HistoryEntry::status).containsExactly(
                org.assertj.core.groups.Tuple.tuple("s1", HistoryStatus.APPLIED),
                org.assertj.core.groups.Tuple.tuple("s2", HistoryStatus.APPLIED),
                org.assertj.core.groups.Tuple.tuple("s3", HistoryStatus.APPLIED),
                org.assertj.core.groups.Tuple.tuple("s4", HistoryStatus.APPLIED));
    }

    @ParameterizedTest(name = "from {0}")
    @ValueSource(strings = {"1.0.0", "1.1.0", "1.2.0", "1.3.0"})
    @DisplayName("exact resume runs exactly the steps from the ledger's version on")
    void exactResume(String version) {
        stamp(version);

        MigrationResult result = fourSteps().build().run();

        int first = VERSIONS.indexOf(version);
        List<String> expected = List.of("s1", "s2", "s3", "s4").subList(first, 4);
        assertThat(result.stepsApplied()).extracting(AppliedStep::id).containsExactlyElementsOf(expected);
        assertThat(result.stepsApplied()).noneMatch(AppliedStep::skipForward);
        for (int i = 0; i < 4; i++) {
            assertThat(runsOf("s" + (i + 1))).as("runs of s%d", i + 1).isEqualTo(i >= first ? 1 : 0);
        }
        assertThat(result.currentVersionBefore()).contains(version);
        assertThat(builder().build().currentVersion()).contains(TARGET);
    }

    @Test
    @DisplayName("an orphan version inside a step re-runs that step from its start (skip-forward), then the rest")
    void skipForward() {
        stamp("1.1.7");

        MigrationResult result = fourSteps().build().run();

        assertThat(result.stepsApplied()).extracting(AppliedStep::id, AppliedStep::skipForward).containsExactly(
                org.assertj.core.groups.Tuple.tuple("s2", true), org.assertj.core.groups.Tuple.tuple("s3", false),
                org.assertj.core.groups.Tuple.tuple("s4", false));
        assertThat(runsOf("s1")).isZero();
        assertThat(history()).filteredOn(e -> e.stepId().equals("s2")).singleElement()
                .satisfies(e -> assertThat(e.skipForward()).isTrue());
    }

    @Test
    @DisplayName("a second run at the target is a no-op that runs no handler")
    void secondRunIsNoOp() {
        SmartMigration migration = fourSteps().build();
        migration.run();

        MigrationResult again = migration.run();

        assertThat(again.outcome()).isEqualTo(Outcome.NO_OP);
        assertThat(again.stepsApplied()).isEmpty();
        assertThat(runsOf("s1")).isEqualTo(1);
        assertThat(history()).hasSize(4);
    }

    @Test
    @DisplayName("fresh data with freshInstallVersion is stamped without running any step")
    void freshInstallStamps() {
        MigrationResult result = fourSteps().freshInstallVersion(TARGET).build().run();

        assertThat(result.outcome()).isEqualTo(Outcome.FRESH_INSTALL);
        assertThat(result.stepsApplied()).isEmpty();
        assertThat(runs).isEmpty();
        assertThat(builder().build().currentVersion()).contains(TARGET);
        assertThat(history()).singleElement().satisfies(e -> assertThat(e.status()).isEqualTo(HistoryStatus.STAMPED));
    }

    @Test
    @DisplayName("existing data with freshInstallVersion runs the whole chain instead of stamping")
    void existingDataIsNotStamped() {
        backend.writeAppData();

        MigrationResult result = fourSteps().freshInstallVersion(TARGET).build().run();

        assertThat(result.outcome()).isEqualTo(Outcome.MIGRATED);
        assertThat(result.stepsApplied()).hasSize(4);
    }

    @Test
    @DisplayName("a release that added no step stamps its target without running a handler")
    void releaseWithoutStepsStamps() {
        stamp(TARGET);

        MigrationResult result = fourSteps().targetVersion("2.1.0").build().run();

        assertThat(result.outcome()).isEqualTo(Outcome.MIGRATED);
        assertThat(result.currentVersionAfter()).contains("2.1.0");
        assertThat(runs).isEmpty();
    }

    @Test
    @DisplayName("data ahead of code is a warned no-op that writes nothing")
    void dataAheadIsNoOp() {
        stamp("3.0.0");
        int historyBefore = history().size();

        MigrationResult result = fourSteps().build().run();

        assertThat(result.outcome()).isEqualTo(Outcome.DATA_AHEAD_OF_CODE);
        assertThat(result.currentVersionAfter()).contains("3.0.0");
        assertThat(history()).hasSize(historyBefore);
    }

    @Test
    @DisplayName("data ahead of code fails with DATA_AHEAD_OF_CODE under failIfDataAhead(true)")
    void dataAheadFails() {
        stamp("3.0.0");

        assertThatThrownBy(() -> fourSteps().failIfDataAhead(true).build().run())
                .isInstanceOfSatisfying(SmartMigrationException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.DATA_AHEAD_OF_CODE));
        assertThat(builder().build().currentVersion()).contains("3.0.0");
    }

    @Test
    @DisplayName("a ledger older than the chain fails with LEDGER_BEHIND_CHAIN and is left as it was")
    void ledgerBehindChain() {
        stamp("0.9.0");

        assertThatThrownBy(() -> fourSteps().build().run())
                .isInstanceOfSatisfying(SmartMigrationException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.LEDGER_BEHIND_CHAIN))
                .hasMessageContaining("0.9.0");
        assertThat(builder().build().currentVersion()).contains("0.9.0");
        assertThat(runs).isEmpty();
    }

    @Test
    @DisplayName("a failing step keeps earlier progress, records FAILED, and is retried by the next run")
    void failingStepIsRetried() {
        AtomicBoolean failOnce = new AtomicBoolean(true);
        SmartMigration migration = fourSteps(ctx -> {
            if (ctx.step().id().equals("s2") && failOnce.getAndSet(false)) {
                throw new IllegalStateException("disk full");
            }
        }).build();

        assertThatThrownBy(migration::run).isInstanceOfSatisfying(SmartMigrationException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.STEP_FAILED);
            assertThat(e).hasMessageContaining("'s2'").hasMessageContaining("disk full").hasRootCauseMessage("disk full");
            assertThat(e.partialResult()).hasValueSatisfying(partial -> {
                assertThat(partial.stepsApplied()).extracting(AppliedStep::id).containsExactly("s1");
                assertThat(partial.currentVersionAfter()).contains("1.1.0");
            });
        });
        assertThat(migration.currentVersion()).contains("1.1.0");
        assertThat(history()).last().satisfies(e -> {
            assertThat(e.stepId()).isEqualTo("s2");
            assertThat(e.status()).isEqualTo(HistoryStatus.FAILED);
            assertThat(e.error()).hasValueSatisfying(msg -> assertThat(msg).contains("disk full"));
        });

        MigrationResult retry = migration.run();

        assertThat(retry.stepsApplied()).extracting(AppliedStep::id).containsExactly("s2", "s3", "s4");
        assertThat(runsOf("s2")).isEqualTo(2);
        assertThat(runsOf("s1")).isEqualTo(1);
    }

    @Test
    @DisplayName("plan() tells what run() would do and writes nothing")
    void planIsDryRun() {
        stamp("1.2.0");
        List<HistoryEntry> before = history();

        MigrationPlan plan = fourSteps().build().plan();

        assertThat(plan.outcome()).isEqualTo(Outcome.MIGRATED);
        assertThat(plan.currentVersion()).contains("1.2.0");
        assertThat(plan.steps()).extracting(PlannedStep::id).containsExactly("s3", "s4");
        assertThat(history()).isEqualTo(before);
        assertThat(runs).isEmpty();
    }

    @Test
    @DisplayName("checkpoint() in a step not marked resumable is INVALID_CONFIG from run(), not a failing step")
    void checkpointNeedsResumable() {
        SmartMigration migration = builder().targetVersion("1.1.0")
                .step("plain").from("1.0.0").to("1.1.0").up(ctx -> ctx.checkpoint().put("k", "v")).build();

        assertThatThrownBy(migration::run).isInstanceOfSatisfying(SmartMigrationException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.INVALID_CONFIG);
            assertThat(e.partialResult()).isPresent();
            assertThat(e.getCause()).isInstanceOfSatisfying(SmartMigrationException.class,
                    cause -> assertThat(cause.code()).isEqualTo(ErrorCode.INVALID_CONFIG));
        }).hasMessageContaining("step 'plain'").hasMessageContaining(".resumable()")
                .hasMessageNotContaining("idempotent").hasMessageNotContaining("STEP_FAILED");
        assertThat(migration.currentVersion()).isEmpty();
        assertThat(history()).extracting(HistoryEntry::status).containsExactly(HistoryStatus.FAILED);
    }

    @Test
    @DisplayName("a handler's ctx.clock() is the clock the runner was built with")
    void contextClockIsTheConfiguredClock() {
        java.time.Clock fixed = java.time.Clock.fixed(java.time.Instant.parse("2030-01-02T03:04:05Z"), java.time.ZoneOffset.UTC);
        java.util.concurrent.atomic.AtomicReference<java.time.Instant> seen = new java.util.concurrent.atomic.AtomicReference<>();
        SmartMigration migration = builder().targetVersion("1.1.0").clock(fixed)
                .step("read-clock").from("1.0.0").to("1.1.0").up(ctx -> seen.set(ctx.clock().instant())).build();

        migration.run();

        assertThat(seen.get()).isEqualTo(java.time.Instant.parse("2030-01-02T03:04:05Z"));
    }
}
