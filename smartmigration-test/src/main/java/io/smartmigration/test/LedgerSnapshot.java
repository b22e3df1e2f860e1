package io.smartmigration.test;

import io.smartmigration.HistoryEntry;
import io.smartmigration.HistoryStatus;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The ledger of a test's data, read by {@link MigrationHarness#ledger()}.
 *
 * <pre>{@code
 * h.runWithCrash(chain, Crash.inStep("move-avatars").afterBatches(1));
 * MigrationAssertions.assertThat(h.ledger()).isAt("1.1.0").isLocked().hasCheckpointFor("move-avatars");
 * }</pre>
 *
 * @param version        the data version; empty when the ledger was never written
 * @param history        the history, oldest first
 * @param lockOwner      the instance holding the lock (live or expired), if any
 * @param lockExpiresAt  when that lock's lease runs out
 * @param checkpointStep the step whose checkpoint is stored, if any
 * @param checkpoint     the stored checkpoint's values; empty without one
 */
public record LedgerSnapshot(
        Optional<String> version,
        List<HistoryEntry> history,
        Optional<String> lockOwner,
        Optional<Instant> lockExpiresAt,
        Optional<String> checkpointStep,
        Map<String, String> checkpoint) {

    public LedgerSnapshot {
        Objects.requireNonNull(version, "version");
        history = List.copyOf(history);
        Objects.requireNonNull(lockOwner, "lockOwner");
        Objects.requireNonNull(lockExpiresAt, "lockExpiresAt");
        Objects.requireNonNull(checkpointStep, "checkpointStep");
        checkpoint = Map.copyOf(checkpoint);
    }

    /** Whether a lock is recorded (its lease may have run out). */
    public boolean locked() {
        return lockOwner.isPresent();
    }

    /** The ids of the APPLIED history entries, oldest first. */
    public List<String> appliedStepIds() {
        return history.stream().filter(e -> e.status() == HistoryStatus.APPLIED).map(HistoryEntry::stepId).toList();
    }
}
