package io.smartmigration;

import java.util.Map;
import java.util.Optional;

/**
 * Small key/value state of a resumable step, persisted in the ledger under the lock. After a
 * crash the next run of the same step sees what was last {@link #put}; a completed step clears it.
 *
 * <pre>{@code
 * Checkpoint cp = ctx.checkpoint();
 * int page = cp.get("page").map(Integer::parseInt).orElse(0);
 * for (; page < pages; page++) {
 *     migratePage(page);
 *     cp.put("page", Integer.toString(page + 1));   // one conditional ledger write
 * }
 * }</pre>
 */
public interface Checkpoint {

    Optional<String> get(String key);

    /** Stores the value and writes the checkpoint to the ledger before returning. */
    void put(String key, String value);

    /** Everything stored so far, as an immutable copy. */
    Map<String, String> asMap();
}
