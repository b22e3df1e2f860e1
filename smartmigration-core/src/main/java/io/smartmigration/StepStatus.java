package io.smartmigration;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * One registered step in a {@link MigrationStatus}.
 *
 * @param state      where the step stands (see {@link StepState})
 * @param entry      the history entry the state comes from: the last APPLIED run for APPLIED and
 *                   SKIP_FORWARD, the last FAILED run for FAILED, the stamp that passed over the step
 *                   for STAMPED_OVER (when the history still has it); empty for PENDING
 * @param checkpoint the checkpoint a resumable step saved and the next run resumes from; empty
 *                   when the ledger holds none for this step
 */
public record StepStatus(
        String id,
        String from,
        String to,
        String description,
        StepState state,
        Optional<HistoryEntry> entry,
        Map<String, String> checkpoint) {

    public StepStatus {
        checkpoint = Map.copyOf(checkpoint);
    }

    /** When the entry was written (the step finished, failed, or was stamped over). */
    public Optional<Instant> ranAt() {
        return entry.map(HistoryEntry::finishedAt);
    }

    /** Which instance wrote the entry. */
    public Optional<String> ranBy() {
        return entry.map(HistoryEntry::owner);
    }

    /** How long the handler ran; empty for PENDING and STAMPED_OVER steps. */
    public Optional<Long> durationMs() {
        return entry.filter(e -> e.status() != HistoryStatus.STAMPED).map(HistoryEntry::durationMs);
    }

    /** The step's own summary ({@link MigrationContext#output(String)}) from the entry, if its handler set one. */
    public Optional<String> output() {
        return entry.flatMap(HistoryEntry::output);
    }

    /** What the handler threw, for a FAILED step. */
    public Optional<String> error() {
        return entry.flatMap(HistoryEntry::error);
    }
}
