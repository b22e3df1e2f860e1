package io.smartmigration.internal.context;

import io.smartmigration.ErrorCode;
import io.smartmigration.SmartMigrationException;
import io.smartmigration.internal.lock.LeaseKeeper;

/**
 * What a batch walk checks before it reads each batch (after the previous batch's checkpoint was
 * written): an interrupt of its thread or a JVM shutdown stops the walk there, and the lock guard
 * refuses the read once this instance may have lost its lease.
 */
final class BatchBoundary {

    private BatchBoundary() {
    }

    static void check(LeaseKeeper keeper, String walk) {
        if (Thread.currentThread().isInterrupted() || keeper.stopRequested()) {
            // the flag stays set: the runner reads and clears it, and restores it when run() ends
            throw new SmartMigrationException(ErrorCode.INTERRUPTED, "the walk over " + walk
                    + " stopped at a batch boundary because " + (keeper.stopRequested()
                    ? "the JVM is shutting down" : "its thread was interrupted")
                    + "; the checkpoint after the last finished batch is kept");
        }
        keeper.guard("read the next batch of", walk);
    }

    /**
     * Writes a checkpoint with the interrupt flag cleared (a driver refuses I/O on an
     * interrupted thread, and the position of a finished batch must be kept), then restores it, so
     * the next {@link #check} stops the walk.
     */
    static void checkpoint(Runnable put) {
        boolean interrupted = Thread.interrupted();
        try {
            put.run();
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
