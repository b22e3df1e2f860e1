package io.smartmigration;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * The checkpoint a resumable step saved in the ledger, as {@link LedgerContents#checkpoint()}
 * shows it: the next run of that step starts with {@link MigrationContext#checkpoint()} holding
 * {@code data}.
 *
 * @param stepId    the step that saved it
 * @param data      what it saved (see {@link Checkpoint})
 * @param updatedAt when it was last written; empty for a ledger written without that field
 */
public record SavedCheckpoint(String stepId, Map<String, String> data, Optional<Instant> updatedAt) {

    public SavedCheckpoint {
        data = Map.copyOf(data);
    }
}
