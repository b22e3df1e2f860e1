package io.smartmigration.internal.context;

import io.smartmigration.Checkpoint;

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

    static long finished(Checkpoint checkpoint, String walkKey, ProgressLog progress) {
        checkpoint.put(walkKey + DONE, "true");
        return progress.items();
    }
}
