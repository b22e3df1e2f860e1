package io.smartmigration.internal.context;

import io.smartmigration.Checkpoint;

/**
 * What the document and object walks share: a walk is named in the checkpoint by its
 * {@link WalkKey}, and a walk that reached its end is marked done so a resumed step skips it.
 * Kept apart from both walks so that neither backend's driver is loaded for the other's.
 */
final class Walks {

    private Walks() {
    }

    static long finished(Checkpoint checkpoint, WalkKey walk, ProgressLog progress) {
        walk.markDone(checkpoint);
        return progress.items();
    }
}
