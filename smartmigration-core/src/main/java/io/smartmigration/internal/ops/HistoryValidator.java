package io.smartmigration.internal.ops;

import io.smartmigration.HistoryEntry;
import io.smartmigration.HistoryStatus;
import io.smartmigration.MigrationStep;
import io.smartmigration.ValidationProblem;
import io.smartmigration.ValidationProblem.Kind;
import io.smartmigration.ValidationReport;
import io.smartmigration.internal.ledger.LedgerState;
import io.smartmigration.internal.version.Versions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Compares a ledger's history with the registered chain (pure, from a state already read): for
 * each step id with an APPLIED entry, its last such entry is checked against the registered step
 * of that id. A step that is no longer registered but lies wholly below the chain's first step is
 * taken as pruned (old steps removed once every environment is past them), not as a problem.
 */
public final class HistoryValidator {

    private HistoryValidator() {
    }

    public static ValidationReport validate(String ledger, List<MigrationStep> steps, Optional<LedgerState> state) {
        Map<String, HistoryEntry> lastApplied = lastApplied(state);
        return new ValidationReport(ledger, lastApplied.size(), problems(steps, lastApplied));
    }

    /** The problems alone (no ledger description to build: cheap enough for every run). */
    public static List<ValidationProblem> problems(List<MigrationStep> steps, Optional<LedgerState> state) {
        return problems(steps, lastApplied(state));
    }

    private static Map<String, HistoryEntry> lastApplied(Optional<LedgerState> state) {
        Map<String, HistoryEntry> lastApplied = new LinkedHashMap<>();
        for (HistoryEntry entry : state.map(LedgerState::history).orElse(List.of())) {
            if (entry.status() == HistoryStatus.APPLIED) {
                lastApplied.remove(entry.stepId());
                lastApplied.put(entry.stepId(), entry);
            }
        }
        return lastApplied;
    }

    private static List<ValidationProblem> problems(List<MigrationStep> steps, Map<String, HistoryEntry> lastApplied) {
        if (lastApplied.isEmpty()) {
            return List.of();
        }
        Map<String, MigrationStep> registered = new LinkedHashMap<>();
        steps.forEach(s -> registered.put(s.id(), s));
        Optional<String> chainStart = steps.isEmpty() ? Optional.empty() : Optional.of(steps.get(0).from());
        List<ValidationProblem> problems = new ArrayList<>();
        for (HistoryEntry entry : lastApplied.values()) {
            MigrationStep step = registered.get(entry.stepId());
            if (step == null && prunedBelow(entry, chainStart)) {
                continue;
            }
            if (step == null) {
                problems.add(new ValidationProblem(Kind.UNKNOWN_STEP, entry.stepId(), entry, ran(entry)
                        + " but no registered step has that id: keep applied steps in the chain (renaming one makes it"
                        + " look new), or restore it"));
            } else if (!step.from().equals(entry.from()) || !step.to().equals(entry.to())) {
                problems.add(new ValidationProblem(Kind.RANGE_CHANGED, entry.stepId(), entry, ran(entry)
                        + " but is registered now as " + step.from() + " -> " + step.to()
                        + ": an applied step's versions must not change; add a new step instead"));
            } else {
                Optional<String> now = StepChecksums.of(step);
                if (entry.checksum().isPresent() && now.isPresent() && !entry.checksum().equals(now)) {
                    problems.add(new ValidationProblem(Kind.CHECKSUM_CHANGED, entry.stepId(), entry, ran(entry)
                            + " with class bytecode sha256 " + entry.checksum().get() + ", but "
                            + step.getClass().getName() + " is now " + now.get()
                            + ": its code changed after it ran, and the change will not run on data already"
                            + " migrated; move the change into a new step (a recompile with another compiler"
                            + " also changes the checksum)"));
                }
            }
        }
        return problems;
    }

    /**
     * How a problem's message starts; built only for a problem, since every {@code run()} checks the
     * whole history (formatting each entry's instant made a no-op boot pay per history entry).
     */
    private static String ran(HistoryEntry entry) {
        return "step '" + entry.stepId() + "' (" + entry.from() + " -> " + entry.to() + ") was applied at "
                + entry.finishedAt() + " by " + entry.owner();
    }

    /** An old step removed from the start of the chain (the chain now starts at or above its {@code to}). */
    private static boolean prunedBelow(HistoryEntry entry, Optional<String> chainStart) {
        return chainStart.isPresent() && Versions.isValid(entry.to()) && !Versions.lower(chainStart.get(), entry.to());
    }
}
