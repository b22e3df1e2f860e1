package io.smartmigration.internal.planner;

import static io.smartmigration.internal.version.Versions.compare;
import static io.smartmigration.internal.version.Versions.lower;

import io.smartmigration.ErrorCode;
import io.smartmigration.MigrationStep;
import io.smartmigration.Outcome;
import io.smartmigration.SmartMigrationException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * Decides what a run does, from the ledger's version and the registered chain. A pure function:
 * the only outside fact it may need, whether the data is fresh, is asked through a supplier and
 * only on a fresh ledger with a freshInstallVersion configured.
 */
public final class Planner {

    private Planner() {
    }

    /**
     * @param chain   validated: contiguous, each {@code from < to}
     * @param current the ledger's version, empty on a fresh ledger
     */
    public static Plan plan(List<MigrationStep> chain, String target, Optional<String> current,
                            Optional<String> freshInstallVersion, boolean failIfDataAhead, BooleanSupplier dataIsFresh) {
        if (current.isEmpty()) {
            return planFresh(chain, target, freshInstallVersion, dataIsFresh);
        }
        String version = current.get();
        int cmp = compare(version, target);
        if (cmp == 0) {
            return new Plan(Outcome.NO_OP, Optional.empty(), List.of(), Optional.empty());
        }
        if (cmp > 0) {
            if (failIfDataAhead) {
                throw new SmartMigrationException(ErrorCode.DATA_AHEAD_OF_CODE,
                        "the ledger is at " + version + ", newer than this release's targetVersion " + target
                                + ": deploy a release whose target is at least " + version
                                + ", or drop failIfDataAhead(true) to let older releases boot as a no-op");
            }
            return new Plan(Outcome.DATA_AHEAD_OF_CODE, Optional.empty(), List.of(), Optional.empty());
        }
        return planForward(chain, target, version, Outcome.MIGRATED, Optional.empty());
    }

    private static Plan planFresh(List<MigrationStep> chain, String target, Optional<String> freshInstallVersion,
                                  BooleanSupplier dataIsFresh) {
        if (freshInstallVersion.isPresent() && dataIsFresh.getAsBoolean()) {
            String fresh = freshInstallVersion.get();
            if (compare(fresh, target) == 0) {
                return new Plan(Outcome.FRESH_INSTALL, freshInstallVersion, List.of(), Optional.empty());
            }
            return planForward(chain, target, fresh, Outcome.FRESH_INSTALL, freshInstallVersion);
        }
        if (chain.isEmpty()) {
            return new Plan(Outcome.MIGRATED, Optional.empty(), List.of(), Optional.of(target));
        }
        String start = chain.get(0).from();
        if (compare(start, target) >= 0) {
            // The chain starts at or beyond this release's target: the data is taken to be at the target.
            return new Plan(Outcome.MIGRATED, Optional.empty(), List.of(), Optional.of(target));
        }
        return planForward(chain, target, start, Outcome.MIGRATED, Optional.empty());
    }

    private static Plan planForward(List<MigrationStep> chain, String target, String current, Outcome outcome,
                                    Optional<String> freshInstall) {
        if (!chain.isEmpty() && lower(current, chain.get(0).from())) {
            MigrationStep first = chain.get(0);
            throw new SmartMigrationException(ErrorCode.LEDGER_BEHIND_CHAIN,
                    "the ledger is at " + current + " but the chain's first step '" + first.id() + "' starts at "
                            + first.from() + ": no registered step can start from " + current
                            + ". Boot an older release that still has the steps from " + current
                            + ", or register them again");
        }
        List<Plan.Step> steps = new ArrayList<>();
        for (MigrationStep step : chain) {
            if (compare(step.to(), current) <= 0) {
                continue;   // already applied
            }
            if (compare(step.from(), target) >= 0) {
                break;      // lies beyond this release
            }
            if (lower(target, step.to())) {
                throw targetNotReachable(step, target);
            }
            boolean skipForward = steps.isEmpty() && lower(step.from(), current);
            steps.add(new Plan.Step(step, skipForward));
        }
        String reached = steps.isEmpty() ? current : steps.get(steps.size() - 1).step().to();
        Optional<String> stamp = compare(reached, target) == 0 ? Optional.empty() : Optional.of(target);
        return new Plan(outcome, freshInstall, steps, stamp);
    }

    static SmartMigrationException targetNotReachable(MigrationStep step, String target) {
        return new SmartMigrationException(ErrorCode.TARGET_NOT_REACHABLE,
                "step '" + step.id() + "' goes from " + step.from() + " to " + step.to()
                        + ", past targetVersion " + target + ", and no step ends on " + target
                        + ": set targetVersion to " + step.to() + ", or split the step so one ends on " + target);
    }

    /** Build-time check: a step that straddles the target can never be planned. */
    public static void requireTargetReachable(List<MigrationStep> chain, String target) {
        for (MigrationStep step : chain) {
            if (lower(step.from(), target) && lower(target, step.to())) {
                throw targetNotReachable(step, target);
            }
        }
    }
}
