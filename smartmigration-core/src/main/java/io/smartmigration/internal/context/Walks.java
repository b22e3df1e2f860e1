package io.smartmigration.internal.context;

import io.smartmigration.Checkpoint;
import java.time.Duration;
import org.slf4j.Logger;

/**
 * What the document and object walks share: a walk is named in the checkpoint by its
 * {@link WalkKey}, and a walk that reached its end is marked done so a resumed step skips it.
 * Kept apart from both walks so that neither backend's driver is loaded for the other's.
 */
final class Walks {

    /** The least a batch read may take, whatever the lease: a loaded store lists a page slowly, and is not down. */
    static final Duration MIN_BATCH_TIMEOUT = Duration.ofSeconds(30);

    private Walks() {
    }

    /**
     * How long one batch read of a walk may take: the lease, at least {@link #MIN_BATCH_TIMEOUT}. A store
     * that stopped answering then fails the step within about a lease, never after the client's own
     * timeouts (a MongoDB client has no socket timeout by default).
     */
    static Duration batchTimeout(Duration lease) {
        return lease.compareTo(MIN_BATCH_TIMEOUT) < 0 ? MIN_BATCH_TIMEOUT : lease;
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
