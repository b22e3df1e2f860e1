package io.smartmigration.internal;

/**
 * Thrown (by the test toolkit) inside a handler to make the run end as a killed process would:
 * the runner records no failure, stops renewing the lease and does not release the lock.
 */
public final class SimulatedProcessDeath extends Error {

    public SimulatedProcessDeath(String message) {
        super(message, null, false, false);
    }
}
