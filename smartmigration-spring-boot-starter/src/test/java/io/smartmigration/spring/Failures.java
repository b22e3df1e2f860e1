package io.smartmigration.spring;

import io.smartmigration.SmartMigrationException;

/** Finds what a failed application start was about. */
final class Failures {

    private Failures() {
    }

    /** The first {@link SmartMigrationException} in the cause chain; fails the test when there is none. */
    static SmartMigrationException migrationException(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SmartMigrationException e) {
                return e;
            }
        }
        throw new AssertionError("no SmartMigrationException in the cause chain of " + failure, failure);
    }
}
