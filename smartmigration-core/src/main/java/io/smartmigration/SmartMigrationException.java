package io.smartmigration;

import java.util.Objects;
import java.util.Optional;

/**
 * The one exception smartmigration throws. {@link #code()} says what went wrong; the message
 * names the values involved and what to do about it.
 *
 * <pre>{@code
 * try {
 *     migration.run();
 * } catch (SmartMigrationException e) {
 *     if (e.code() == ErrorCode.LOCK_TIMEOUT) { ... }   // another instance is still migrating
 * }
 * }</pre>
 *
 * <p>A failed {@link SmartMigration#run()} attaches what it completed before the failure as
 * {@link #partialResult()}.
 */
public class SmartMigrationException extends RuntimeException {

    private final ErrorCode code;
    private final transient MigrationResult partialResult;

    public SmartMigrationException(ErrorCode code, String message) {
        this(code, message, null, null);
    }

    public SmartMigrationException(ErrorCode code, String message, Throwable cause) {
        this(code, message, cause, null);
    }

    public SmartMigrationException(ErrorCode code, String message, Throwable cause, MigrationResult partialResult) {
        super("[" + Objects.requireNonNull(code, "code") + "] " + message, cause);
        this.code = code;
        this.partialResult = partialResult;
    }

    /** The reason, never null. */
    public ErrorCode code() {
        return code;
    }

    /** For a run that failed part-way: the steps it completed before the failure. */
    public Optional<MigrationResult> partialResult() {
        return Optional.ofNullable(partialResult);
    }

    /** A copy of this exception carrying the result completed so far. */
    public SmartMigrationException withPartialResult(MigrationResult result) {
        SmartMigrationException copy = new SmartMigrationException(code, rawMessage(), getCause(), result);
        copy.setStackTrace(getStackTrace());
        for (Throwable suppressed : getSuppressed()) {
            copy.addSuppressed(suppressed);
        }
        return copy;
    }

    private String rawMessage() {
        String message = getMessage();
        String prefix = "[" + code + "] ";
        return message.startsWith(prefix) ? message.substring(prefix.length()) : message;
    }
}
