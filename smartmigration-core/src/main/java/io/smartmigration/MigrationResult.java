package io.smartmigration;

import java.util.List;
import java.util.Optional;

/**
 * What one {@link SmartMigration#run()} did.
 *
 * <pre>{@code
 * MigrationResult r = migration.run();
 * log.info("data {} -> {} ({})", r.currentVersionBefore().orElse("none"), r.currentVersionAfter(), r.outcome());
 * }</pre>
 *
 * @param currentVersionBefore the ledger's version when the run started; empty on a fresh ledger
 * @param currentVersionAfter  the ledger's version when the run ended. {@code null} only where the ledger still has no
 *                             version: a run on a fresh ledger that was skipped ({@link Outcome#LOCK_HELD_SKIPPED}) or
 *                             whose first step failed ({@link SmartMigrationException#partialResult()})
 * @param warnings             what an operator should know about this run, for example that the S3 store ignores
 *                             conditional writes so the lock was best-effort; empty normally
 */
public record MigrationResult(
        Optional<String> currentVersionBefore,
        String currentVersionAfter,
        String targetVersion,
        List<AppliedStep> stepsApplied,
        Outcome outcome,
        long totalDurationMs,
        List<String> warnings) {

    public MigrationResult {
        stepsApplied = List.copyOf(stepsApplied);
        warnings = List.copyOf(warnings);
    }

    /** A result without warnings. */
    public MigrationResult(Optional<String> currentVersionBefore, String currentVersionAfter,
                           String targetVersion, List<AppliedStep> stepsApplied, Outcome outcome, long totalDurationMs) {
        this(currentVersionBefore, currentVersionAfter, targetVersion, stepsApplied, outcome, totalDurationMs, List.of());
    }

    /** True when the data ended at the target version. */
    public boolean reachedTarget() {
        return targetVersion.equals(currentVersionAfter);
    }
}
