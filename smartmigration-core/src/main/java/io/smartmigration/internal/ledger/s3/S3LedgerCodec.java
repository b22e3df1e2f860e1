package io.smartmigration.internal.ledger.s3;

import static io.smartmigration.internal.ledger.HistoryCodec.optional;
import static io.smartmigration.internal.ledger.HistoryCodec.require;

import io.smartmigration.HistoryEntry;
import io.smartmigration.internal.ledger.CheckpointState;
import io.smartmigration.internal.ledger.EnsuredIndexes;
import io.smartmigration.internal.ledger.HistoryCodec;
import io.smartmigration.internal.ledger.HistoryCodec.Malformed;
import io.smartmigration.internal.ledger.LedgerState;
import io.smartmigration.internal.ledger.LockInfo;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Converts between one S3 ledger state object and {@link LedgerState}, strictly: the logical
 * shape of DESIGN.md ({@code name, schemaVersion, currentVersion, updatedAt, lock, checkpoint,
 * history}) plus two members of its own: {@code sequence}, the state's position in the ledger's
 * sequence of states, which must match the object's key, and {@code recentChanges}, the ids of the
 * last changes that led to it (so a writer can tell whether its change landed). Instants are
 * ISO-8601 strings at full precision, so a state read back equals the state written. Unknown
 * members are ignored; a member of the wrong type, an unknown {@code schemaVersion} or a version
 * that is not SemVer is a {@link Malformed}.
 */
final class S3LedgerCodec {

    static final String NAME = "name";
    static final String SEQUENCE = "sequence";
    static final String RECENT_CHANGES = "recentChanges";

    /** A parsed state object: the ledger state, and the ids of the changes that made its latest states. */
    record Parsed(LedgerState state, List<String> recentChanges) {
        Parsed {
            recentChanges = List.copyOf(recentChanges);
        }
    }

    private S3LedgerCodec() {
    }

    static byte[] write(LedgerState state, long sequence, List<String> recentChanges) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put(NAME, state.name());
        d.put(HistoryCodec.SCHEMA_VERSION, (long) LedgerState.SCHEMA_VERSION);
        d.put(SEQUENCE, sequence);
        d.put(HistoryCodec.CURRENT_VERSION, state.currentVersion().orElse(null));
        d.put(HistoryCodec.UPDATED_AT, state.updatedAt().toString());
        d.put(HistoryCodec.LOCK, state.lock().map(S3LedgerCodec::lock).orElse(null));
        d.put(HistoryCodec.CHECKPOINT, state.checkpoint().map(S3LedgerCodec::checkpoint).orElse(null));
        d.put(HistoryCodec.HISTORY, state.history().stream().map(S3LedgerCodec::history).toList());
        state.indexes().ifPresent(indexes -> d.put(HistoryCodec.INDEXES, indexes(indexes)));
        d.put(RECENT_CHANGES, recentChanges);
        return Json.write(d);
    }

    private static Map<String, Object> lock(LockInfo lock) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("owner", lock.owner());
        d.put("token", lock.token());
        d.put("host", lock.host());
        d.put("acquiredAt", lock.acquiredAt().toString());
        d.put("expiresAt", lock.expiresAt().toString());
        return d;
    }

    private static Map<String, Object> checkpoint(CheckpointState checkpoint) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("stepId", checkpoint.stepId());
        d.put("data", new TreeMap<>(checkpoint.data()));
        d.put("updatedAt", checkpoint.updatedAt().toString());
        return d;
    }

    private static Map<String, Object> indexes(EnsuredIndexes indexes) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("fingerprint", indexes.fingerprint());
        d.put("declarations", indexes.declarations());
        d.put("ensuredAt", indexes.ensuredAt().toString());
        return d;
    }

    private static Map<String, Object> history(HistoryEntry e) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("stepId", e.stepId());
        d.put("from", e.from());
        d.put("to", e.to());
        d.put("status", e.status().name());
        d.put("skipForward", e.skipForward());
        d.put("startedAt", e.startedAt().toString());
        d.put("finishedAt", e.finishedAt().toString());
        d.put("durationMs", e.durationMs());
        d.put("owner", e.owner());
        d.put("error", e.error().orElse(null));
        e.checksum().ifPresent(checksum -> d.put(HistoryCodec.CHECKSUM, checksum));
        e.output().ifPresent(output -> d.put(HistoryCodec.OUTPUT, output));
        return d;
    }

    /**
     * @param name     the ledger's name, which the state must carry
     * @param sequence the sequence number of the object's key, which the state must carry
     */
    static Parsed parse(byte[] bytes, String name, long sequence) {
        Map<String, Object> d = Json.parseObject(bytes);
        HistoryCodec.requireSchemaVersion(d.get(HistoryCodec.SCHEMA_VERSION));
        String storedName = require(d, NAME, String.class, "ledger");
        if (!storedName.equals(name)) {
            throw new Malformed("ledger.name is \"" + storedName + "\" but the object lies under the ledger '"
                    + name + "'");
        }
        Object storedSequence = d.get(SEQUENCE);
        if (!(storedSequence instanceof Long s) || s != sequence) {
            throw new Malformed("ledger.sequence is "
                    + (storedSequence == null ? "missing" : HistoryCodec.describe(storedSequence))
                    + " but the object's key says " + sequence);
        }
        Optional<String> current = optional(d, HistoryCodec.CURRENT_VERSION, String.class, "ledger")
                .map(v -> HistoryCodec.requireVersion(v, "ledger.currentVersion"));
        Instant updatedAt = instant(optional(d, HistoryCodec.UPDATED_AT, String.class, "ledger"), "ledger.updatedAt")
                .orElse(Instant.EPOCH);
        Optional<LockInfo> lock = optional(d, HistoryCodec.LOCK, Map.class, "ledger").map(S3LedgerCodec::parseLock);
        Optional<CheckpointState> checkpoint = optional(d, HistoryCodec.CHECKPOINT, Map.class, "ledger")
                .map(S3LedgerCodec::parseCheckpoint);
        List<HistoryEntry> history = new ArrayList<>();
        List<?> raw = optional(d, HistoryCodec.HISTORY, List.class, "ledger").orElse(List.of());
        for (int i = 0; i < raw.size(); i++) {
            Object item = raw.get(i);
            String where = "ledger.history[" + i + "]";
            if (!(item instanceof Map<?, ?> entry)) {
                throw new Malformed(where + " is " + Json.kind(item) + ", expected an object");
            }
            history.add(parseHistory(fields(entry), where));
        }
        List<String> changes = new ArrayList<>();
        List<?> rawChanges = optional(d, RECENT_CHANGES, List.class, "ledger").orElse(List.of());
        for (int i = 0; i < rawChanges.size(); i++) {
            if (!(rawChanges.get(i) instanceof String change)) {
                throw new Malformed("ledger.recentChanges[" + i + "] is " + Json.kind(rawChanges.get(i))
                        + ", expected a string");
            }
            changes.add(change);
        }
        Optional<EnsuredIndexes> indexes = optional(d, HistoryCodec.INDEXES, Map.class, "ledger")
                .map(S3LedgerCodec::parseIndexes);
        return new Parsed(new LedgerState(name, current, updatedAt, lock, checkpoint, history, indexes), changes);
    }

    private static EnsuredIndexes parseIndexes(Map<?, ?> raw) {
        Map<String, Object> d = fields(raw);
        List<String> declarations = new ArrayList<>();
        List<?> list = require(d, "declarations", List.class, "ledger.indexes");
        for (int i = 0; i < list.size(); i++) {
            if (!(list.get(i) instanceof String declaration)) {
                throw new Malformed("ledger.indexes.declarations[" + i + "] is " + Json.kind(list.get(i))
                        + ", expected a string");
            }
            declarations.add(declaration);
        }
        return new EnsuredIndexes(require(d, "fingerprint", String.class, "ledger.indexes"), declarations,
                instant(optional(d, "ensuredAt", String.class, "ledger.indexes"), "ledger.indexes.ensuredAt")
                        .orElse(Instant.EPOCH));
    }

    private static LockInfo parseLock(Map<?, ?> raw) {
        Map<String, Object> d = fields(raw);
        return new LockInfo(require(d, "owner", String.class, "ledger.lock"),
                require(d, "token", String.class, "ledger.lock"),
                optional(d, "host", String.class, "ledger.lock").orElse(""),
                instant(require(d, "acquiredAt", String.class, "ledger.lock"), "ledger.lock.acquiredAt"),
                instant(require(d, "expiresAt", String.class, "ledger.lock"), "ledger.lock.expiresAt"));
    }

    private static CheckpointState parseCheckpoint(Map<?, ?> raw) {
        Map<String, Object> d = fields(raw);
        Map<String, String> values = new LinkedHashMap<>();
        require(d, "data", Map.class, "ledger.checkpoint").forEach((k, v) -> {
            if (!(v instanceof String s)) {
                throw new Malformed("ledger.checkpoint.data." + k + " is " + Json.kind(v) + ", expected a string");
            }
            values.put((String) k, s);
        });
        return new CheckpointState(require(d, "stepId", String.class, "ledger.checkpoint"), values,
                instant(optional(d, "updatedAt", String.class, "ledger.checkpoint"), "ledger.checkpoint.updatedAt")
                        .orElse(Instant.EPOCH));
    }

    private static HistoryEntry parseHistory(Map<String, Object> d, String where) {
        Number duration = require(d, "durationMs", Number.class, where);
        return new HistoryEntry(require(d, "stepId", String.class, where),
                require(d, "from", String.class, where),
                require(d, "to", String.class, where),
                HistoryCodec.status(require(d, "status", String.class, where), where + ".status"),
                optional(d, "skipForward", Boolean.class, where).orElse(false),
                instant(require(d, "startedAt", String.class, where), where + ".startedAt"),
                instant(require(d, "finishedAt", String.class, where), where + ".finishedAt"),
                duration.longValue(),
                optional(d, "owner", String.class, where).orElse(""),
                optional(d, "error", String.class, where),
                optional(d, HistoryCodec.CHECKSUM, String.class, where),
                optional(d, HistoryCodec.OUTPUT, String.class, where));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> fields(Map<?, ?> raw) {
        return (Map<String, Object>) raw;
    }

    private static Optional<Instant> instant(Optional<String> text, String path) {
        return text.map(t -> instant(t, path));
    }

    private static Instant instant(String text, String path) {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new Malformed(path + " is the string \"" + text
                    + "\", expected an ISO-8601 instant such as 2025-01-31T12:00:00Z");
        }
    }
}
