package io.smartmigration.internal.ops;

import io.smartmigration.HistoryEntry;
import io.smartmigration.HistoryStatus;
import io.smartmigration.IndexStatus;
import io.smartmigration.LockHolder;
import io.smartmigration.MigrationStatus;
import io.smartmigration.MigrationStep;
import io.smartmigration.StepState;
import io.smartmigration.StepStatus;
import io.smartmigration.internal.index.IndexDeclaration;
import io.smartmigration.internal.ledger.CheckpointState;
import io.smartmigration.EnsuredIndexes;
import io.smartmigration.internal.ledger.LedgerState;
import io.smartmigration.internal.ledger.LockInfo;
import io.smartmigration.internal.version.Versions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Builds a {@link MigrationStatus} from one read of the ledger and the registered chain (pure). */
public final class StatusBuilder {

    private StatusBuilder() {
    }

    public static MigrationStatus build(String ledger, String targetVersion, List<MigrationStep> steps,
                                        Optional<LedgerState> state, Instant now) {
        return build(ledger, targetVersion, steps, List.of(), state, now);
    }

    public static MigrationStatus build(String ledger, String targetVersion, List<MigrationStep> steps,
                                        List<IndexDeclaration> indexes, Optional<LedgerState> state, Instant now) {
        Optional<String> current = state.flatMap(LedgerState::currentVersion);
        List<HistoryEntry> history = state.map(LedgerState::history).orElse(List.of());
        Optional<CheckpointState> checkpoint = state.flatMap(LedgerState::checkpoint);
        List<StepStatus> statuses = new ArrayList<>();
        for (MigrationStep step : steps) {
            statuses.add(stepStatus(step, current, history, checkpoint));
        }
        Optional<EnsuredIndexes> ensured = state.flatMap(LedgerState::indexes);
        List<IndexStatus> indexStatuses = indexes.stream().map(index -> new IndexStatus(index.collection(),
                index.name(), index.definitionJson(), ensured.filter(e -> e.declarations().contains(index.describe()))
                .map(EnsuredIndexes::ensuredAt))).toList();
        return new MigrationStatus(ledger, current, targetVersion, statuses,
                state.flatMap(LedgerState::lock).map(lock -> holder(lock, now)), now, indexStatuses);
    }

    public static LockHolder holder(LockInfo lock, Instant now) {
        return new LockHolder(lock.owner(), lock.host(), lock.acquiredAt(), lock.expiresAt(), lock.expiredAt(now));
    }

    private static StepStatus stepStatus(MigrationStep step, Optional<String> current, List<HistoryEntry> history,
                                         Optional<CheckpointState> checkpoint) {
        boolean passed = current.map(c -> !Versions.lower(c, step.to())).orElse(false);
        Optional<HistoryEntry> lastApplied = last(history, e -> e.stepId().equals(step.id())
                && e.status() == HistoryStatus.APPLIED);
        StepState state;
        Optional<HistoryEntry> entry;
        if (passed && lastApplied.isPresent()) {
            entry = lastApplied;
            state = lastApplied.get().skipForward() ? StepState.SKIP_FORWARD : StepState.APPLIED;
        } else if (passed) {
            entry = last(history, e -> e.status() == HistoryStatus.STAMPED && Versions.isValid(e.to())
                    && !Versions.lower(e.to(), step.to()));
            state = StepState.STAMPED_OVER;
        } else {
            entry = last(history, e -> e.stepId().equals(step.id()) && e.status() != HistoryStatus.STAMPED)
                    .filter(e -> e.status() == HistoryStatus.FAILED);
            state = entry.isPresent() ? StepState.FAILED : StepState.PENDING;
        }
        Map<String, String> saved = checkpoint.filter(c -> c.stepId().equals(step.id()))
                .map(CheckpointState::data).orElse(Map.of());
        return new StepStatus(step.id(), step.from(), step.to(), step.description(), state, entry, saved);
    }

    private static Optional<HistoryEntry> last(List<HistoryEntry> history, java.util.function.Predicate<HistoryEntry> test) {
        for (int i = history.size() - 1; i >= 0; i--) {
            if (test.test(history.get(i))) {
                return Optional.of(history.get(i));
            }
        }
        return Optional.empty();
    }
}
