package io.smartmigration;

import java.time.Instant;
import java.util.Optional;

/** One line of the ledger's history, from {@link SmartMigration#history()} (oldest first). */
public record HistoryEntry(
        String stepId,
        String from,
        String to,
        HistoryStatus status,
        boolean skipForward,
        Instant startedAt,
        Instant finishedAt,
        long durationMs,
        String owner,
        Optional<String> error) {
}
