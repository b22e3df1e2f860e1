package io.smartmigration.internal.ledger;

import java.time.Instant;
import java.util.Map;

/** The persisted checkpoint of a resumable step. */
public record CheckpointState(String stepId, Map<String, String> data, Instant updatedAt) {

    public CheckpointState {
        data = Map.copyOf(data);
    }
}
