package io.smartmigration.scenarios;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import io.smartmigration.AppliedStep;
import io.smartmigration.ErrorCode;
import io.smartmigration.HistoryEntry;
import io.smartmigration.HistoryStatus;
import io.smartmigration.LockHolder;
import io.smartmigration.MigrationListener;
import io.smartmigration.MigrationPlan;
import io.smartmigration.MigrationResult;
import io.smartmigration.Outcome;
import io.smartmigration.PlannedStep;
import io.smartmigration.SmartMigration;
import io.smartmigration.SmartMigrationException;
import io.smartmigration.StepInfo;
import io.smartmigration.StepState;
import io.smartmigration.StepStatus;
import io.smartmigration.internal.ledger.HistoryCodec;
import io.smartmigration.internal.ledger.Ledger;
import io.smartmigration.internal.ledger.LedgerState;
import io.smartmigration.internal.ledger.LockInfo;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** {@code forceUnlock()}, {@code baseline(...)} and listeners against a real ledger; once per backend. */
public abstract class RepairAndListenerScenarios extends ScenarioBase {

    private LockInfo holdLock(String owner, Duration lease) {
        Instant now = Instant.now();
        return ledgerOf(builder().build()).tryAcquire(owner, "host-b", now, now.plus(lease)).orElseThrow();
    }

    @Test
    @DisplayName("forceUnlock removes a live lock, returns its holder, and the next run proceeds at once")
    void forceUnlockRemovesLiveLock() {
        holdLock("stuck-worker", Duration.ofMinutes(30));

        Optional<LockHolder> removed = fourSteps().build().forceUnlock();
        MigrationResult result = fourSteps().lockWait(Duration.ofMillis(200)).build().run();

        assertThat(removed).hasValueSatisfying(h -> {
            assertThat(h.owner()).isEqualTo("stuck-worker");
            assertThat(h.expired()).isFalse();
        });
        assertThat(result.outcome()).isEqualTo(Outcome.MIGRATED);
        assertThat(result.reachedTarget()).isTrue();
    }

    @Test
    @DisplayName("forceUnlock without a lock changes nothing and returns empty")
    void forceUnlockWithoutLock() {
        fourSteps().build().run();
        LedgerState before = ledgerState().orElseThrow();

        assertThat(fourSteps().build().forceUnlock()).isEmpty();
        assertThat(ledgerState()).contains(before);
    }

    @Test
    @DisplayName("after forceUnlock the old holder's writes are refused with LOCK_LOST (fencing)")
    void forceUnlockFencesOldHolder() {
        LockInfo stale = holdLock("stuck-worker", Duration.ofMinutes(30));
        Ledger ledger = ledgerOf(builder().build());
        fourSteps().build().forceUnlock();

        Instant now = Instant.now();
        assertThatThrownBy(() -> ledger.advance(stale, "1.1.0",
                HistoryCodec.stamped("late", Optional.empty(), "1.1.0", "stuck-worker", now), now))
                .isInstanceOfSatisfying(SmartMigrationException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.LOCK_LOST));
        assertThat(ledgerState().flatMap(LedgerState::currentVersion)).isEmpty();
    }

    @Test
    @DisplayName("baseline on a fresh ledger sets the version without running steps; run() continues from it")
    void baselineFreshLedger() {
        HistoryEntry entry = fourSteps().instanceId("ops").build().baseline("1.2.0");
        MigrationResult result = fourSteps().build().run();

        assertThat(entry.stepId()).isEqualTo("<baseline>");
        assertThat(entry.status()).isEqualTo(HistoryStatus.STAMPED);
        assertThat(entry.to()).isEqualTo("1.2.0");
        assertThat(entry.owner()).isEqualTo("ops");
        assertThat(result.currentVersionBefore()).contains("1.2.0");
        assertThat(result.stepsApplied()).extracting(AppliedStep::id).containsExactly("s3", "s4");
        assertThat(runsOf("s1") + runsOf("s2")).isZero();
        assertThat(fourSteps().build().status().steps()).extracting(StepStatus::id, StepStatus::state).containsExactly(
                tuple("s1", StepState.STAMPED_OVER), tuple("s2", StepState.STAMPED_OVER),
                tuple("s3", StepState.APPLIED), tuple("s4", StepState.APPLIED));
    }

    @Test
    @DisplayName("baseline refuses a ledger that already has history, and changes nothing")
    void baselineRefusesHistory() {
        fourSteps().targetVersion("1.2.0").build().run();
        LedgerState before = ledgerState().orElseThrow();

        assertThatThrownBy(() -> fourSteps().build().baseline("1.3.0"))
                .isInstanceOfSatisfying(SmartMigrationException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.BASELINE_REFUSED);
                    assertThat(e.getMessage()).contains("version 1.2.0", "2 history entries", "force");
                });
        assertThat(ledgerState()).contains(before);
    }

    @Test
    @DisplayName("a forced baseline overwrites the version and records where it came from")
    void forcedBaseline() {
        fourSteps().targetVersion("1.2.0").build().run();

        HistoryEntry entry = fourSteps().build().baseline("1.3.0", true);

        assertThat(entry.from()).isEqualTo("1.2.0");
        assertThat(ledgerState().orElseThrow()).satisfies(state -> {
            assertThat(state.currentVersion()).contains("1.3.0");
            assertThat(state.history()).extracting(HistoryEntry::stepId).containsExactly("s1", "s2", "<baseline>");
            assertThat(state.lock()).isEmpty();
        });
    }

    @Test
    @DisplayName("baseline refuses, even forced, while another instance holds a live lock, naming it")
    void baselineRefusesWhileLocked() {
        holdLock("migrating-worker", Duration.ofMinutes(5));

        assertThatThrownBy(() -> fourSteps().build().baseline("1.2.0", true))
                .isInstanceOfSatisfying(SmartMigrationException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.BASELINE_REFUSED);
                    assertThat(e.getMessage()).contains("migrating-worker");
                });
        assertThat(ledgerState().flatMap(LedgerState::currentVersion)).isEmpty();
    }

    @Test
    @DisplayName("baseline with a version that is not SemVer fails with INVALID_VERSION and writes nothing")
    void baselineInvalidVersion() {
        assertThatThrownBy(() -> fourSteps().build().baseline("1.2"))
                .isInstanceOfSatisfying(SmartMigrationException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_VERSION));
        assertThat(ledgerState()).isEmpty();
    }

    /** Records every callback as a line. */
    private static final class Recorder implements MigrationListener {
        final List<String> events = new CopyOnWriteArrayList<>();

        @Override
        public void beforeRun(MigrationPlan plan) {
            events.add("beforeRun " + plan.outcome() + " " + plan.steps().stream().map(PlannedStep::id).toList());
        }

        @Override
        public void afterRun(MigrationResult result) {
            events.add("afterRun " + result.outcome());
        }

        @Override
        public void beforeStep(StepInfo step) {
            events.add("beforeStep " + step.id());
        }

        @Override
        public void afterStep(AppliedStep step) {
            events.add("afterStep " + step.id());
        }

        @Override
        public void onFailure(Optional<StepInfo> step, SmartMigrationException error) {
            events.add("onFailure " + step.map(StepInfo::id).orElse("-") + " " + error.code());
        }
    }

    @Test
    @DisplayName("listeners hear the run and every step, in order")
    void listenerSeesRunAndSteps() {
        Recorder recorder = new Recorder();
        stamp("1.2.0");

        fourSteps().listener(recorder).build().run();

        assertThat(recorder.events).containsExactly("beforeRun MIGRATED [s3, s4]", "beforeStep s3", "afterStep s3",
                "beforeStep s4", "afterStep s4", "afterRun MIGRATED");
    }

    @Test
    @DisplayName("listeners hear a no-op run too, without step callbacks")
    void listenerSeesNoOp() {
        fourSteps().build().run();
        Recorder recorder = new Recorder();

        fourSteps().listener(recorder).build().run();

        assertThat(recorder.events).containsExactly("beforeRun NO_OP []", "afterRun NO_OP");
    }

    @Test
    @DisplayName("a failing step reaches onFailure with the step and STEP_FAILED, and no afterRun")
    void listenerSeesStepFailure() {
        Recorder recorder = new Recorder();
        SmartMigration migration = fourSteps(ctx -> {
            if (ctx.step().id().equals("s2")) {
                throw new IllegalStateException("boom");
            }
        }).listener(recorder).build();

        assertThatThrownBy(migration::run).isInstanceOf(SmartMigrationException.class);

        assertThat(recorder.events).containsExactly("beforeRun MIGRATED [s1, s2, s3, s4]", "beforeStep s1",
                "afterStep s1", "beforeStep s2", "onFailure s2 STEP_FAILED");
    }

    @Test
    @DisplayName("a run failing outside any step reaches onFailure without a step")
    void listenerSeesRunFailure() {
        holdLock("other", Duration.ofMinutes(5));
        Recorder recorder = new Recorder();

        assertThatThrownBy(() -> fourSteps().lockWait(Duration.ofMillis(100)).listener(recorder).build().run())
                .isInstanceOfSatisfying(SmartMigrationException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.LOCK_TIMEOUT));
        assertThat(recorder.events).containsExactly("beforeRun MIGRATED [s1, s2, s3, s4]", "onFailure - LOCK_TIMEOUT");
    }

    @Test
    @DisplayName("a listener that throws in every callback does not break the migration or the next listener")
    void throwingListenerIsIgnored() {
        MigrationListener broken = new MigrationListener() {
            @Override
            public void beforeRun(MigrationPlan plan) {
                throw new IllegalStateException("broken beforeRun");
            }

            @Override
            public void afterRun(MigrationResult result) {
                throw new IllegalStateException("broken afterRun");
            }

            @Override
            public void beforeStep(StepInfo step) {
                throw new IllegalStateException("broken beforeStep");
            }

            @Override
            public void afterStep(AppliedStep step) {
                throw new IllegalStateException("broken afterStep");
            }
        };
        Recorder recorder = new Recorder();

        MigrationResult result = fourSteps().listener(broken).listener(recorder).build().run();

        assertThat(result.reachedTarget()).isTrue();
        assertThat(List.of(runsOf("s1"), runsOf("s2"), runsOf("s3"), runsOf("s4"))).containsOnly(1);
        assertThat(recorder.events).hasSize(10).startsWith("beforeRun MIGRATED [s1, s2, s3, s4]")
                .endsWith("afterRun MIGRATED");
    }
}
