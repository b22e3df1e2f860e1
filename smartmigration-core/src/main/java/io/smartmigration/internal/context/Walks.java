package io.smartmigration.internal.context;

import io.smartmigration.Checkpoint;
import org.slf4j.Logger;

/**
 * What the document and object walks share: a walk is named in the checkpoint by its
 * {@link WalkKey}, and a walk that reached its end is marked done so a resumed step skips it.
 * Kept apart from both walks so that neither backend's driver is loaded for the other's.
 */
final class Walks {

    private Walks() {
    }

    /** Whether the walk reached its end in an earlier run of the step (logged, so the step skips it). */
    static boolean alreadyDone(Checkpoint checkpoint, WalkKey walk, Logger log) {
        if (!walk.done(checkpoint)) {
            return false;
        }
        log.info("{} was walked to its end before the restart; skipping it", walk.describe());
        return true;
    }

    static long finished(Checkpoint checkpoint, WalkKey walk, ProgressLog progress) {
        walk.markDone(checkpoint);
        return progress.items();
    }
}
