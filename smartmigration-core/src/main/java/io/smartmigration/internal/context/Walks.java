package io.smartmigration.internal.context;

import io.smartmigration.Checkpoint;
import org.slf4j.Logger;

/**
 * What the document and object walks share: a walk is named in the checkpoint by its key
 * ({@code documents:<collection>} or {@code objects:<prefix>}, {@code #n} for the n-th walk over the
 * same one in a step), and a walk that reached its end is marked done so a resumed step skips it.
 * Kept apart from both walks so that neither backend's driver is loaded for the other's.
 */
final class Walks {

    static final String DONE = ":done";

    private Walks() {
    }

    /** Whether the walk reached its end in an earlier run of the step (logged, so the step skips it). */
    static boolean alreadyDone(Checkpoint checkpoint, String walkKey, Logger log) {
        if (checkpoint.get(walkKey + DONE).isEmpty()) {
            return false;
        }
        log.info("{} was walked to its end before the restart; skipping it", walkKey);
        return true;
    }

    static long finished(Checkpoint checkpoint, String walkKey, ProgressLog progress) {
        checkpoint.put(walkKey + DONE, "true");
        return progress.items();
    }
}
