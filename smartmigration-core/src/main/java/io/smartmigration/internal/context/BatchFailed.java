package io.smartmigration.internal.context;

/** Carries a checked exception from a batch handler out through the iterator to the runner. */
public final class BatchFailed extends RuntimeException {

    BatchFailed(Exception cause) {
        super(cause.getMessage(), cause, false, false);
    }
}
