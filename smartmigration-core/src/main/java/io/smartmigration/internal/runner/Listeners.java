package io.smartmigration.internal.runner;

import io.smartmigration.AppliedStep;
import io.smartmigration.MigrationListener;
import io.smartmigration.MigrationPlan;
import io.smartmigration.MigrationResult;
import io.smartmigration.SmartMigrationException;
import io.smartmigration.StepInfo;
import io.smartmigration.internal.LogText;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls the registered {@link MigrationListener}s, in order, shielding the run from them: a
 * listener that throws is logged at WARN and the run carries on.
 */
public final class Listeners {

    private static final Logger LOG = LoggerFactory.getLogger("io.smartmigration");

    private final List<MigrationListener> listeners;

    public Listeners(List<MigrationListener> listeners) {
        this.listeners = List.copyOf(listeners);
    }

    /** The callbacks of one run; remembers the running step for {@code onFailure}. */
    public Run startRun() {
        return new Run();
    }

    public final class Run {
        private Optional<StepInfo> running = Optional.empty();
        private boolean failureReported;

        private Run() {
        }

        /** The plan is only built when someone listens. */
        public void beforeRun(Supplier<MigrationPlan> plan) {
            if (!listeners.isEmpty()) {
                MigrationPlan built = plan.get();
                each("beforeRun", l -> l.beforeRun(built));
            }
        }

        public void afterRun(MigrationResult result) {
            each("afterRun", l -> l.afterRun(result));
        }

        public void beforeStep(StepInfo step) {
            running = Optional.of(step);
            each("beforeStep", l -> l.beforeStep(step));
        }

        public void afterStep(AppliedStep step) {
            running = Optional.empty();
            each("afterStep", l -> l.afterStep(step));
        }

        /** Reports the failure once, with the step that was running, if any. */
        public void onFailure(SmartMigrationException error) {
            if (!failureReported) {
                failureReported = true;
                Optional<StepInfo> step = running;
                each("onFailure", l -> l.onFailure(step, error));
            }
        }

        private void each(String callback, Consumer<MigrationListener> call) {
            for (MigrationListener listener : listeners) {
                try {
                    call.accept(listener);
                } catch (RuntimeException e) {
                    // the stack trace only when the message is short: a listener's exception may carry anything
                    LOG.warn("smartmigration: listener {} threw in {}, ignored (the migration carries on): {}",
                            listener.getClass().getName(), callback, LogText.of(e), LogText.attachable(e));
                }
            }
        }
    }
}
