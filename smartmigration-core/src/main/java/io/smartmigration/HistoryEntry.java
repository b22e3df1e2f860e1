package io.smartmigration;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One line of the ledger's history, from {@link SmartMigration#history()} (oldest first).
 *
 * <pre>{@code
 * migration.history().forEach(e -> System.out.printf("%s %s -> %s %s by %s%n",
 *         e.stepId(), e.from(), e.to(), e.status(), e.owner()));
 * }</pre>
 *
 * @param stepId   the step's id, or a marker such as {@code <fresh-install>} or {@code <baseline>}
 *                 for a version set without a handler ({@link HistoryStatus#STAMPED})
 * @param owner    the instance that wrote the entry (its {@code instanceId})
 * @param error    what the handler threw, for a {@link HistoryStatus#FAILED} entry
 * @param checksum for a step written as a class ({@link MigrationStep} implementation), the SHA-256
 *                 (lower-case hex) of that class's bytecode when it ran, which
 *                 {@link SmartMigration#validate()} compares with the class the application has now;
 *                 empty for steps declared with the builder's {@code step(id)...up(ctx -> ...)} (a
 *                 lambda has no stable bytecode of its own), for stamped entries, and for entries
 *                 written before checksums were recorded
 */
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
        Optional<String> error,
        Optional<String> checksum) {

    public HistoryEntry {
        Objects.requireNonNull(error, "error");
        Objects.requireNonNull(checksum, "checksum");
    }

    /** An entry without a checksum. */
    public HistoryEntry(String stepId, String from, String to, HistoryStatus status, boolean skipForward,
                        Instant startedAt, Instant finishedAt, long durationMs, String owner, Optional<String> error) {
        this(stepId, from, to, status, skipForward, startedAt, finishedAt, durationMs, owner, error, Optional.empty());
    }
}
