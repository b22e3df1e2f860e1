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
 * @param output   the step's own summary, set by its handler with {@link MigrationContext#output(String)}
 *                 ("moved 32 attachments"); at most {@value #OUTPUT_LIMIT_BYTES} bytes of UTF-8, cut and ended
 *                 with {@value #TRUNCATED} when the handler gave more; empty when the handler set none, for
 *                 stamped entries, and for entries written before outputs were recorded
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
        Optional<String> checksum,
        Optional<String> output) {

    /** The most a stored {@link #output()} holds, in bytes of UTF-8 (16 KiB), marker included. */
    public static final int OUTPUT_LIMIT_BYTES = 16 * 1024;
    /** Ends an {@link #output()} that was cut to {@link #OUTPUT_LIMIT_BYTES}. */
    public static final String TRUNCATED = "[truncated]";

    public HistoryEntry {
        Objects.requireNonNull(error, "error");
        Objects.requireNonNull(checksum, "checksum");
        Objects.requireNonNull(output, "output");
    }

    /**
     * An entry without an output.
     *
     * @deprecated since outputs are recorded; use the canonical constructor with {@code Optional.empty()} as output
     */
    @Deprecated
    public HistoryEntry(String stepId, String from, String to, HistoryStatus status, boolean skipForward,
                        Instant startedAt, Instant finishedAt, long durationMs, String owner, Optional<String> error,
                        Optional<String> checksum) {
        this(stepId, from, to, status, skipForward, startedAt, finishedAt, durationMs, owner, error, checksum,
                Optional.empty());
    }

    /**
     * An entry without a checksum or an output.
     *
     * @deprecated since checksums are recorded; use the canonical constructor
     */
    @Deprecated
    public HistoryEntry(String stepId, String from, String to, HistoryStatus status, boolean skipForward,
                        Instant startedAt, Instant finishedAt, long durationMs, String owner, Optional<String> error) {
        this(stepId, from, to, status, skipForward, startedAt, finishedAt, durationMs, owner, error, Optional.empty(),
                Optional.empty());
    }
}
