package io.smartmigration.internal.context;

import io.smartmigration.Checkpoint;
import io.smartmigration.ErrorCode;
import io.smartmigration.SmartMigrationException;
import io.smartmigration.internal.LogText;
import io.smartmigration.internal.ledger.CheckpointState;
import io.smartmigration.internal.ledger.Ledger;
import io.smartmigration.internal.lock.LeaseKeeper;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** A step's checkpoint, written through to the ledger under the lease on every put. */
final class LedgerCheckpoint implements Checkpoint {

    private final String stepId;
    private final Ledger ledger;
    private final LeaseKeeper keeper;
    private final Clock clock;
    private final Map<String, String> values;

    LedgerCheckpoint(String stepId, Map<String, String> restored, Ledger ledger, LeaseKeeper keeper, Clock clock) {
        this.stepId = stepId;
        this.ledger = ledger;
        this.keeper = keeper;
        this.clock = clock;
        this.values = new LinkedHashMap<>(restored);
    }

    @Override
    public synchronized Optional<String> get(String key) {
        return Optional.ofNullable(values.get(key));
    }

    @Override
    public synchronized void put(String key, String value) {
        if (key == null || value == null) {
            throw new SmartMigrationException(ErrorCode.INVALID_CONFIG, "step '" + stepId + "' put a null "
                    + (key == null ? "key" : "value for key '" + LogText.value(key) + "'")
                    + " in its checkpoint: checkpoint keys and values are strings, never null");
        }
        keeper.ensureHeld("save the checkpoint of step '" + stepId + "'");
        Map<String, String> next = new LinkedHashMap<>(values);
        next.put(key, value);
        // Written even on an interrupted thread (flag cleared, then restored): the position reached is kept.
        BatchBoundary.checkpoint(() -> ledger.saveCheckpoint(keeper.lease(), new CheckpointState(stepId, next,
                clock.instant())));
        values.put(key, value);
    }

    @Override
    public synchronized Map<String, String> asMap() {
        return Map.copyOf(values);
    }
}
