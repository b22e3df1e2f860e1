package io.smartmigration;

import io.smartmigration.internal.ops.TextTable;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where the data stands against this release's chain, from {@link SmartMigration#status()}: one
 * read of the ledger, nothing written, no lock taken. {@link #toString()} is a table for humans.
 *
 * <pre>{@code
 * MigrationStatus status = migration.status();
 * log.info("migration status:\n{}", status);
 * if (status.lock().filter(l -> !l.expired()).isPresent()) { ... another instance is migrating ... }
 * }</pre>
 *
 * <p>Example of the table:
 * <pre>
 * Mongo ledger 'smartmigration' in appdb.smartmigration_ledger at [127.0.0.1:27017]
 * data version 1.1.0, target 2.0.0: 1 step pending
 * lock: free
 * STEP          FROM   TO     STATE    RAN AT                BY             DURATION
 * add-status    1.0.0  1.1.0  APPLIED  2025-03-01T10:00:02Z  web-1/41/9f2c  1520 ms
 * move-avatars  1.1.0  2.0.0  PENDING  -                     -              -
 * </pre>
 *
 * @param ledger         where the ledger lives
 * @param currentVersion the ledger's data version; empty when nothing was written yet
 * @param targetVersion  this release's target
 * @param steps          every registered step, in chain order
 * @param lock           the lock as the ledger holds it, live or expired; empty when free
 * @param readAt         when the ledger was read (by the runner's clock)
 * @param indexes        every index declared with {@link SmartMigration.Builder#index}, and whether it was ensured
 */
public record MigrationStatus(
        String ledger,
        Optional<String> currentVersion,
        String targetVersion,
        List<StepStatus> steps,
        Optional<LockHolder> lock,
        Instant readAt,
        List<IndexStatus> indexes) {

    public MigrationStatus {
        steps = List.copyOf(steps);
        indexes = List.copyOf(indexes);
    }

    /** A status without index declarations. */
    public MigrationStatus(String ledger, Optional<String> currentVersion, String targetVersion, List<StepStatus> steps,
                           Optional<LockHolder> lock, Instant readAt) {
        this(ledger, currentVersion, targetVersion, steps, lock, readAt, List.of());
    }

    /** The steps in a given state, in chain order. */
    public List<StepStatus> steps(StepState state) {
        return steps.stream().filter(s -> s.state() == state).toList();
    }

    /** Whether the data is at the target version. */
    public boolean atTarget() {
        return currentVersion.map(targetVersion::equals).orElse(false);
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder(ledger).append('\n');
        long pending = steps.stream().filter(s -> s.state() == StepState.PENDING || s.state() == StepState.FAILED).count();
        out.append("data version ").append(currentVersion.orElse("(none: nothing written yet)"))
                .append(", target ").append(targetVersion).append(": ")
                .append(atTarget() ? "at target" : pending + " step" + (pending == 1 ? "" : "s") + " pending")
                .append('\n');
        out.append("lock: ").append(lock.map(l -> "held by " + l.describe()).orElse("free")).append('\n');
        TextTable table = new TextTable("STEP", "FROM", "TO", "STATE", "RAN AT", "BY", "DURATION");
        for (StepStatus s : steps) {
            table.row(s.id(), s.from(), s.to(), s.state().name(), s.ranAt().map(Instant::toString).orElse(null),
                    s.ranBy().orElse(null), s.durationMs().map(ms -> ms + " ms").orElse(null));
        }
        out.append(table.render());
        for (StepStatus s : steps) {
            s.error().filter(e -> s.state() == StepState.FAILED)
                    .ifPresent(e -> out.append("  ").append(s.id()).append(" failed: ").append(e).append('\n'));
            s.output().ifPresent(o -> out.append("  ").append(s.id()).append(" output: ")
                    .append(o.replace("\n", "\n    ")).append('\n'));
            if (!s.checkpoint().isEmpty()) {
                out.append("  ").append(s.id()).append(" resumes from checkpoint ").append(s.checkpoint()).append('\n');
            }
        }
        if (!indexes.isEmpty()) {
            TextTable declared = new TextTable("INDEX", "DEFINITION", "ENSURED");
            for (IndexStatus index : indexes) {
                declared.row(index.collection() + "." + index.name(), index.definition(),
                        index.ensuredAt().map(Instant::toString).orElse("pending: the next run creates it"));
            }
            out.append(declared.render());
        }
        return out.toString();
    }
}
