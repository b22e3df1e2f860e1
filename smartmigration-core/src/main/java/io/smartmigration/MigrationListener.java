package io.smartmigration;

import java.util.Optional;

/**
 * Callbacks around {@link SmartMigration#run()}, for metrics and notifications; register with
 * {@link SmartMigration.Builder#listener(MigrationListener)}. Every method does nothing by default.
 *
 * <p>Callbacks run on the thread that called {@code run()}, in registration order. A listener that
 * throws does not break the migration: the exception is logged at WARN and the run carries on.
 * Keep callbacks quick: a step's lease is renewed in the background, but the run waits for them.
 *
 * <p>Counting steps with Micrometer (any registry with counters and timers works the same way):
 * <pre>{@code
 * MeterRegistry registry = ...;
 * SmartMigration migration = SmartMigration.builder()
 *     ...
 *     .listener(new MigrationListener() {
 *         @Override public void afterStep(AppliedStep step) {
 *             registry.counter("smartmigration.steps.applied", "step", step.id()).increment();
 *             registry.timer("smartmigration.step.duration", "step", step.id())
 *                     .record(Duration.ofMillis(step.durationMs()));
 *         }
 *         @Override public void onFailure(Optional<StepInfo> step, SmartMigrationException error) {
 *             registry.counter("smartmigration.failures", "code", error.code().name(),
 *                     "step", step.map(StepInfo::id).orElse("none")).increment();
 *         }
 *         @Override public void afterRun(MigrationResult result) {
 *             registry.counter("smartmigration.runs", "outcome", result.outcome().name()).increment();
 *         }
 *     })
 *     .build();
 * }</pre>
 */
public interface MigrationListener {

    /**
     * A run starts, with what it plans from its first read of the ledger (under the lock the plan
     * is computed again and may shrink, if another instance migrated meanwhile). Called for every
     * run, the no-op ones included.
     */
    default void beforeRun(MigrationPlan plan) {
    }

    /** A run returned normally (any {@link Outcome}); not called when it throws. */
    default void afterRun(MigrationResult result) {
    }

    /** A step's handler is about to run, under the lock. */
    default void beforeStep(StepInfo step) {
    }

    /** A step's handler completed and the ledger advanced to its {@code to}. */
    default void afterStep(AppliedStep step) {
    }

    /**
     * A run is about to throw.
     *
     * @param step  the step that was running: its handler threw ({@link ErrorCode#STEP_FAILED},
     *              cause attached) or its lease was lost ({@link ErrorCode#LOCK_LOST}); empty when
     *              the run failed outside any step (lock timeout, ledger problems, history mismatch)
     * @param error what {@code run()} throws next
     */
    default void onFailure(Optional<StepInfo> step, SmartMigrationException error) {
    }
}
