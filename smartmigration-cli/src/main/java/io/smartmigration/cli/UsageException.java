package io.smartmigration.cli;

/** A command line that cannot be carried out as written; exit code {@link ExitCodes#USAGE}. */
final class UsageException extends Exception {

    UsageException(String message) {
        super(message);
    }
}
