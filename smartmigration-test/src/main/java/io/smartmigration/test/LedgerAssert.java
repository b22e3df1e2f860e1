package io.smartmigration.test;

import io.smartmigration.HistoryEntry;
import io.smartmigration.HistoryStatus;
import java.util.Arrays;
import java.util.List;
import org.assertj.core.api.AbstractAssert;

/**
 * Assertions on a test's ledger; start with {@link MigrationAssertions#assertThat(LedgerSnapshot)}.
 *
 * <pre>{@code
 * assertThat(h.ledger()).isAt("2.0.0").hasHistory("add-status", "move-avatars").isUnlocked();
 * }</pre>
 */
public final class LedgerAssert extends AbstractAssert<LedgerAssert, LedgerSnapshot> {

    LedgerAssert(LedgerSnapshot actual) {
        super(actual, LedgerAssert.class);
    }

    /** The ledger's data version is {@code version}. */
    public LedgerAssert isAt(String version) {
        isNotNull();
        if (!actual.version().map(version::equals).orElse(false)) {
            failWithMessage("Expected the ledger at %s, but it is at %s (history: %s)", version,
                    actual.version().orElse("(never written)"), describe(actual.history()));
        }
        return this;
    }

    /** The APPLIED entries of the history are exactly these steps, oldest first. */
    public LedgerAssert hasHistory(String... stepIds) {
        isNotNull();
        List<String> expected = Arrays.asList(stepIds);
        if (!actual.appliedStepIds().equals(expected)) {
            failWithMessage("Expected the ledger's applied steps to be %s, but they are %s (full history: %s)",
                    expected, actual.appliedStepIds(), describe(actual.history()));
        }
        return this;
    }

    /** The history holds an entry of step {@code stepId} with this status. */
    public LedgerAssert hasEntry(String stepId, HistoryStatus status) {
        isNotNull();
        boolean found = actual.history().stream().anyMatch(e -> e.stepId().equals(stepId) && e.status() == status);
        if (!found) {
            failWithMessage("Expected a %s entry for step '%s' in the ledger's history, but it is %s", status, stepId,
                    describe(actual.history()));
        }
        return this;
    }

    /** A lock is recorded, as after a crash. */
    public LedgerAssert isLocked() {
        isNotNull();
        if (!actual.locked()) {
            failWithMessage("Expected the ledger to be locked, but no lock is recorded (version %s)",
                    actual.version().orElse("(never written)"));
        }
        return this;
    }

    /** No lock is recorded. */
    public LedgerAssert isUnlocked() {
        isNotNull();
        if (actual.locked()) {
            failWithMessage("Expected the ledger to be unlocked, but '%s' holds its lock until %s",
                    actual.lockOwner().get(), actual.lockExpiresAt().map(Object::toString).orElse("?"));
        }
        return this;
    }

    /** A checkpoint of step {@code stepId} is stored. */
    public LedgerAssert hasCheckpointFor(String stepId) {
        isNotNull();
        if (!actual.checkpointStep().map(stepId::equals).orElse(false)) {
            failWithMessage("Expected a checkpoint of step '%s', but the ledger holds %s", stepId,
                    actual.checkpointStep().map(s -> "a checkpoint of '" + s + "': " + actual.checkpoint())
                            .orElse("no checkpoint"));
        }
        return this;
    }

    /** No checkpoint is stored. */
    public LedgerAssert hasNoCheckpoint() {
        isNotNull();
        if (actual.checkpointStep().isPresent()) {
            failWithMessage("Expected no checkpoint, but the ledger holds one of step '%s': %s",
                    actual.checkpointStep().get(), actual.checkpoint());
        }
        return this;
    }

    private static String describe(List<HistoryEntry> history) {
        return history.stream().map(e -> e.stepId() + " " + e.from() + "->" + e.to() + " " + e.status()).toList().toString();
    }
}
