package io.smartmigration.scenarios;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import io.smartmigration.ErrorCode;
import io.smartmigration.HistoryEntry;
import io.smartmigration.MigrationResult;
import io.smartmigration.MigrationStatus;
import io.smartmigration.Outcome;
import io.smartmigration.SmartMigration;
import io.smartmigration.SmartMigrationException;
import io.smartmigration.StepState;
import io.smartmigration.StepStatus;
import io.smartmigration.ValidationProblem;
import io.smartmigration.ValidationReport;
import io.smartmigration.internal.ledger.LedgerState;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** {@code status()} and {@code validate()} against a real ledger; run once per backend by subclasses. */
public abstract class StatusAndValidationScenarios extends ScenarioBase {

    @Test
    @DisplayName("status of a fresh ledger: no version, no lock, every step pending")
    void statusOfFreshLedger() {
        MigrationStatus status = fourSteps().build().status();

        assertThat(status.currentVersion()).isEmpty();
        assertThat(status.targetVersion()).isEqualTo(TARGET);
        assertThat(status.lock()).isEmpty();
        assertThat(status.atTarget()).isFalse();
        assertThat(status.steps()).extracting(StepStatus::id, StepStatus::state).containsExactly(
                tuple("s1", StepState.PENDING), tuple("s2", StepState.PENDING),
                tuple("s3", StepState.PENDING), tuple("s4", StepState.PENDING));
        assertThat(status.toString()).contains("nothing written yet", "4 steps pending", "lock: free");
    }

    @Test
    @DisplayName("status after a run: every step APPLIED, with when, by which instance and how long")
    void statusAfterRun() {
        Instant before = Instant.now();
        fourSteps().instanceId("web-1").build().run();

        MigrationStatus status = fourSteps().build().status();

        assertThat(status.atTarget()).isTrue();
        assertThat(status.steps()).allSatisfy(s -> {
            assertThat(s.state()).isEqualTo(StepState.APPLIED);
            assertThat(s.ranBy()).contains("web-1");
            assertThat(s.ranAt()).hasValueSatisfying(t -> assertThat(t).isAfterOrEqualTo(before.minusSeconds(1)));
            assertThat(s.durationMs()).hasValueSatisfying(ms -> assertThat(ms).isNotNegative());
        });
        String table = status.toString();
        assertThat(table).contains("at target").contains("STEP", "FROM", "TO", "STATE", "RAN AT", "BY", "DURATION");
        assertThat(table.lines().filter(l -> l.startsWith("s") && l.contains("APPLIED") && l.contains("web-1")))
                .hasSize(4);
    }

    @Test
    @DisplayName("status after a skip-forward: steps below the stamp are STAMPED_OVER, the re-run one SKIP_FORWARD")
    void statusAfterSkipForward() {
        stamp("1.1.7");
        fourSteps().build().run();

        MigrationStatus status = fourSteps().build().status();

        assertThat(status.steps()).extracting(StepStatus::id, StepStatus::state).containsExactly(
                tuple("s1", StepState.STAMPED_OVER), tuple("s2", StepState.SKIP_FORWARD),
                tuple("s3", StepState.APPLIED), tuple("s4", StepState.APPLIED));
        assertThat(status.steps().get(0).entry()).hasValueSatisfying(e -> assertThat(e.stepId()).isEqualTo("<test>"));
        assertThat(status.steps().get(0).durationMs()).isEmpty();
    }

    @Test
    @DisplayName("status after a failed step: it is FAILED with the error, the steps after it PENDING")
    void statusAfterFailure() {
        SmartMigration migration = fourSteps(ctx -> {
            if (ctx.step().id().equals("s3")) {
                throw new IllegalStateException("boom in s3");
            }
        }).build();
        assertThatThrownBy(migration::run).isInstanceOf(SmartMigrationException.class);

        MigrationStatus status = migration.status();

        assertThat(status.currentVersion()).contains("1.2.0");
        assertThat(status.steps()).extracting(StepStatus::id, StepStatus::state).containsExactly(
                tuple("s1", StepState.APPLIED), tuple("s2", StepState.APPLIED),
                tuple("s3", StepState.FAILED), tuple("s4", StepState.PENDING));
        assertThat(status.steps().get(2).error()).hasValueSatisfying(e -> assertThat(e).contains("boom in s3"));
        assertThat(status.toString()).contains("s3 failed: java.lang.IllegalStateException: boom in s3");
    }

    @Test
    @DisplayName("status shows the checkpoint a failed resumable step resumes from")
    void statusShowsCheckpoint() {
        SmartMigration migration = builder().targetVersion("1.1.0")
                .step("r1").from("1.0.0").to("1.1.0").resumable().up(ctx -> {
                    ctx.checkpoint().put("lastId", "42");
                    throw new IllegalStateException("interrupted");
                }).build();
        assertThatThrownBy(migration::run).isInstanceOf(SmartMigrationException.class);

        StepStatus step = migration.status().steps().get(0);

        assertThat(step.state()).isEqualTo(StepState.FAILED);
        assertThat(step.checkpoint()).isEqualTo(Map.of("lastId", "42"));
        assertThat(migration.status().toString()).contains("r1 resumes from checkpoint {lastId=42}");
    }

    @Test
    @DisplayName("status names the lock holder and its lease expiry, live or expired")
    void statusShowsLockHolder() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        ledgerOf(builder().build()).tryAcquire("worker-7", "host-b", now, now.plus(Duration.ofMinutes(5)));

        MigrationStatus status = fourSteps().build().status();

        assertThat(status.lock()).hasValueSatisfying(lock -> {
            assertThat(lock.owner()).isEqualTo("worker-7");
            assertThat(lock.host()).isEqualTo("host-b");
            assertThat(lock.expiresAt()).isEqualTo(now.plus(Duration.ofMinutes(5)));
            assertThat(lock.expired()).isFalse();
        });
        assertThat(status.toString()).contains("lock: held by 'worker-7' on host host-b").contains("lease expires");
    }

    @Test
    @DisplayName("status marks a lock whose lease ran out as expired")
    void statusShowsExpiredLock() {
        Instant past = Instant.now().minus(Duration.ofMinutes(10));
        ledgerOf(builder().build()).tryAcquire("dead-worker", "host-c", past, past.plus(Duration.ofMinutes(1)));

        MigrationStatus status = fourSteps().build().status();

        assertThat(status.lock()).hasValueSatisfying(lock -> assertThat(lock.expired()).isTrue());
        assertThat(status.toString()).contains("lease expired");
    }

    @Test
    @DisplayName("validate: the chain that ran matches its history")
    void validateMatchingChain() {
        fourSteps().build().run();

        ValidationReport report = fourSteps().build().validate();

        assertThat(report.valid()).isTrue();
        assertThat(report.entriesChecked()).isEqualTo(4);
        assertThat(report.toString()).contains("matches the chain");
    }

    @Test
    @DisplayName("validate reports an applied step whose id is no longer registered")
    void validateUnknownStep() {
        fourSteps().build().run();
        SmartMigration renamed = builder()
                .step("s1").from("1.0.0").to("1.1.0").up(ctx -> { })
                .step("s2-renamed").from("1.1.0").to("1.2.0").up(ctx -> { })
                .step("s3").from("1.2.0").to("1.3.0").up(ctx -> { })
                .step("s4").from("1.3.0").to("2.0.0").up(ctx -> { })
                .build();

        ValidationReport report = renamed.validate();

        assertThat(report.problems()).extracting(ValidationProblem::kind, ValidationProblem::stepId)
                .containsExactly(tuple(ValidationProblem.Kind.UNKNOWN_STEP, "s2"));
        assertThat(report.problems().get(0).message()).contains("step 's2' (1.1.0 -> 1.2.0) was applied");
    }

    @Test
    @DisplayName("validate takes applied steps below the chain's first step as pruned, not as problems")
    void validatePrunedSteps() {
        fourSteps().build().run();
        SmartMigration pruned = builder()
                .step("s3").from("1.2.0").to("1.3.0").up(ctx -> { })
                .step("s4").from("1.3.0").to("2.0.0").up(ctx -> { })
                .build();

        assertThat(pruned.validate().problems()).isEmpty();
    }

    @Test
    @DisplayName("validate reports applied steps whose from/to changed")
    void validateRangeChanged() {
        fourSteps().build().run();
        SmartMigration changed = builder()
                .step("s1").from("1.0.0").to("1.1.0").up(ctx -> { })
                .step("s2").from("1.1.0").to("1.2.0").up(ctx -> { })
                .step("s3").from("1.2.0").to("1.2.5").up(ctx -> { })
                .step("s4").from("1.2.5").to("2.0.0").up(ctx -> { })
                .build();

        ValidationReport report = changed.validate();

        assertThat(report.problems()).extracting(ValidationProblem::kind, ValidationProblem::stepId).containsExactly(
                tuple(ValidationProblem.Kind.RANGE_CHANGED, "s3"), tuple(ValidationProblem.Kind.RANGE_CHANGED, "s4"));
        assertThat(report.problems().get(0).message()).contains("registered now as 1.2.0 -> 1.2.5");
    }

    @Test
    @DisplayName("a class-based step records the SHA-256 of its bytecode in history")
    void classStepRecordsChecksum() throws Exception {
        builder().targetVersion("1.1.0").step(new ClassSteps.AddStatusV1()).build().run();

        assertThat(history()).singleElement().satisfies(e ->
                assertThat(e.checksum()).contains(ClassSteps.sha256Of(ClassSteps.AddStatusV1.class)));
    }

    @Test
    @DisplayName("a step declared with the builder records no checksum")
    void builderStepRecordsNoChecksum() {
        fourSteps().build().run();

        assertThat(history()).hasSize(4).allSatisfy(e -> assertThat(e.checksum()).isEmpty());
    }

    @Test
    @DisplayName("validate reports a class-based step whose bytecode changed since it ran")
    void validateChecksumChanged() {
        builder().targetVersion("1.1.0").step(new ClassSteps.AddStatusV1()).build().run();

        ValidationReport same = builder().targetVersion("1.1.0").step(new ClassSteps.AddStatusV1()).build().validate();
        ValidationReport edited = builder().targetVersion("1.1.0").step(new ClassSteps.AddStatusV2()).build().validate();

        assertThat(same.valid()).isTrue();
        assertThat(edited.problems()).extracting(ValidationProblem::kind, ValidationProblem::stepId)
                .containsExactly(tuple(ValidationProblem.Kind.CHECKSUM_CHANGED, "c1"));
        assertThat(edited.problems().get(0).message()).contains(ClassSteps.AddStatusV2.class.getName());
    }

    @Test
    @DisplayName("validateOnRun(true): run() fails with HISTORY_MISMATCH before running or writing anything")
    void validateOnRunFails() {
        fourSteps().targetVersion("1.2.0").build().run();
        SmartMigration renamed = builder().validateOnRun(true)
                .step("s1-new").from("1.0.0").to("1.1.0").up(ctx -> { })
                .step("s2").from("1.1.0").to("1.2.0").up(ctx -> { })
                .step("s3").from("1.2.0").to("1.3.0").up(ctx -> runs.computeIfAbsent("s3", k -> new AtomicInteger()).incrementAndGet())
                .step("s4").from("1.3.0").to("2.0.0").up(ctx -> { })
                .build();
        LedgerState before = ledgerState().orElseThrow();

        assertThatThrownBy(renamed::run).isInstanceOfSatisfying(SmartMigrationException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.HISTORY_MISMATCH);
            assertThat(e.getMessage()).contains("UNKNOWN_STEP s1", "validateOnRun");
        });
        assertThat(runsOf("s3")).isZero();
        assertThat(ledgerState()).contains(before);
    }

    @Test
    @DisplayName("by default a history mismatch is only a warning: run() migrates")
    void mismatchWarnsByDefault() {
        fourSteps().targetVersion("1.2.0").build().run();
        SmartMigration renamed = builder()
                .step("s1-new").from("1.0.0").to("1.1.0").up(ctx -> { })
                .step("s2").from("1.1.0").to("1.2.0").up(ctx -> { })
                .step("s3").from("1.2.0").to("1.3.0").up(ctx -> { })
                .step("s4").from("1.3.0").to("2.0.0").up(ctx -> { })
                .build();

        MigrationResult result = renamed.run();

        assertThat(result.outcome()).isEqualTo(Outcome.MIGRATED);
        assertThat(result.currentVersionAfter()).contains(TARGET);
        assertThat(history()).extracting(HistoryEntry::stepId).endsWith("s3", "s4");
    }
}
