package io.smartmigration.internal.ledger;

import io.smartmigration.EnsuredIndexes;
import io.smartmigration.HistoryEntry;
import io.smartmigration.HistoryStatus;
import io.smartmigration.internal.LogText;
import io.smartmigration.internal.version.Versions;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * Field names and checks of the ledger's logical shape, shared by the backends (through
 * {@link LedgerCodec}) so a corrupt ledger reads the same way whatever stores it.
 */
public final class HistoryCodec {

    public static final String SCHEMA_VERSION = "schemaVersion";
    public static final String CURRENT_VERSION = "currentVersion";
    public static final String UPDATED_AT = "updatedAt";
    public static final String LOCK = "lock";
    public static final String CHECKPOINT = "checkpoint";
    public static final String HISTORY = "history";
    /** Optional field of the ledger: the index declarations last ensured ({@link EnsuredIndexes}). */
    public static final String INDEXES = "indexes";
    /** In the lock: how many times its holder renewed it (a waiter watches it change). */
    public static final String LOCK_RENEWALS = "renewals";
    /** In the lock: the lease length its holder renews with, in milliseconds. */
    public static final String LOCK_TTL_MS = "ttlMs";
    /** Optional field of a history entry: the SHA-256 of a class-based step's bytecode when it ran. */
    public static final String CHECKSUM = "checksum";
    /** Optional field of a history entry: the step's {@code ctx.output(...)} summary. */
    public static final String OUTPUT = "output";

    private HistoryCodec() {
    }

    /** Thrown by the backends' parsers; turned into LEDGER_CORRUPT with the ledger's location. */
    public static final class Malformed extends RuntimeException {
        public Malformed(String message) {
            super(message);
        }
    }

    public static <T> T require(Map<String, Object> fields, String name, Class<T> type, String where) {
        Object value = fields.get(name);
        if (value == null) {
            throw new Malformed(where + "." + name + " is missing");
        }
        return typed(value, type, where + "." + name);
    }

    public static <T> Optional<T> optional(Map<String, Object> fields, String name, Class<T> type, String where) {
        Object value = fields.get(name);
        return value == null ? Optional.empty() : Optional.of(typed(value, type, where + "." + name));
    }

    /** {@code value} as a {@code type}; a {@link Malformed} naming {@code path} otherwise. */
    public static <T> T typed(Object value, Class<T> type, String path) {
        if (!type.isInstance(value)) {
            throw new Malformed(path + " is " + describe(value) + ", expected " + type.getSimpleName().toLowerCase());
        }
        return type.cast(value);
    }

    /** What a parsed value is, in a message: "a string", "an object", "a number", ... */
    public static String kind(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof Map<?, ?>) {
            return "an object";
        }
        if (value instanceof java.util.List<?>) {
            return "an array";
        }
        if (value instanceof String) {
            return "a string";
        }
        if (value instanceof Boolean) {
            return "a boolean";
        }
        if (value instanceof Number) {
            return "a number";
        }
        return "a " + value.getClass().getSimpleName();
    }

    /** The value for a message, cut to {@value LogText#VALUE} characters: a ledger may hold anything. */
    public static String describe(Object value) {
        if (value instanceof String s) {
            return "the string \"" + LogText.value(s) + "\"";
        }
        return "a " + value.getClass().getSimpleName() + " (" + LogText.value(value) + ")";
    }

    public static void requireSchemaVersion(Object value) {
        if (!(value instanceof Number n) || n.doubleValue() != LedgerState.SCHEMA_VERSION) {
            throw new Malformed("schemaVersion is " + (value == null ? "missing" : describe(value))
                    + ", this smartmigration reads schemaVersion " + LedgerState.SCHEMA_VERSION
                    + " (a newer smartmigration may have written it)");
        }
    }

    public static String requireVersion(String version, String path) {
        if (!Versions.isValid(version)) {
            throw new Malformed(path + " is \"" + LogText.value(version) + "\", which is not a strict SemVer 2.0.0 version");
        }
        return version;
    }

    public static HistoryStatus status(String value, String path) {
        try {
            return HistoryStatus.valueOf(value);
        } catch (IllegalArgumentException e) {
            throw new Malformed(path + " is \"" + LogText.value(value) + "\", expected APPLIED, FAILED or STAMPED");
        }
    }

    /** A STAMPED entry for a version set without running a handler. */
    public static HistoryEntry stamped(String reason, Optional<String> from, String to, String owner, Instant now) {
        return new HistoryEntry(reason, from.orElse(""), to, HistoryStatus.STAMPED, false, now, now, 0, owner,
                Optional.empty(), Optional.empty(), Optional.empty());
    }
}
