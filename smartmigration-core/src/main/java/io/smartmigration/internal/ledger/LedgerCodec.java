package io.smartmigration.internal.ledger;

import io.smartmigration.EnsuredIndexes;
import static io.smartmigration.internal.ledger.HistoryCodec.optional;
import static io.smartmigration.internal.ledger.HistoryCodec.require;

import io.smartmigration.HistoryEntry;
import io.smartmigration.internal.ledger.HistoryCodec.Malformed;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The ledger's logical shape, one codec for both backends:
 *
 * <pre>
 * { name, schemaVersion: 1, currentVersion, updatedAt,
 *   lock: { owner, token, host, acquiredAt, expiresAt, renewals, ttlMs } | null,
 *   checkpoint: { stepId, data: {..}, updatedAt } | null,
 *   history: [ { stepId, from, to, status, skipForward, startedAt, finishedAt, durationMs, owner, error, checksum?,
 *                output? } ],
 *   indexes?: { fingerprint, declarations: [..], ensuredAt } }
 * </pre>
 *
 * <p>as a tree of maps, lists and scalars: the Mongo ledger stores it as a BSON document, the S3
 * ledger as a JSON object. The backends differ only in their {@link Format}: which map they build
 * and how an instant is stored (a BSON date, an ISO-8601 string). Parsing is strict: a member of
 * the wrong type, an unknown {@code schemaVersion} or a version that is not SemVer is a
 * {@link Malformed} naming the member; unknown members are ignored (a later compatible release may
 * add some). This class needs neither the Mongo driver nor a JSON library.
 */
public final class LedgerCodec {

    /** How a backend stores the tree. */
    public interface Format {
        /** A new, empty object of the backend's map type, keeping insertion order. */
        Map<String, Object> newObject();

        /** An instant as the backend stores it. */
        Object instant(Instant instant);

        /** A stored instant read back; a {@link Malformed} naming {@code path} when it is not one. */
        Instant instant(Object stored, String path);

        /** A value of the wrong kind, in a message: "a number", or with the value, "a Integer (1200)". */
        default String describe(Object value) {
            return HistoryCodec.kind(value);
        }
    }

    private final Format format;

    public LedgerCodec(Format format) {
        this.format = format;
    }

    /** Every member of {@code state} but the backend's own ({@code _id}/{@code name}, S3's sequence). */
    public Map<String, Object> state(LedgerState state) {
        Map<String, Object> d = format.newObject();
        d.put(HistoryCodec.SCHEMA_VERSION, LedgerState.SCHEMA_VERSION);
        d.put(HistoryCodec.CURRENT_VERSION, state.currentVersion().orElse(null));
        d.put(HistoryCodec.UPDATED_AT, format.instant(state.updatedAt()));
        d.put(HistoryCodec.LOCK, state.lock().map(this::lock).orElse(null));
        d.put(HistoryCodec.CHECKPOINT, state.checkpoint().map(this::checkpoint).orElse(null));
        d.put(HistoryCodec.HISTORY, state.history().stream().map(this::history).toList());
        state.indexes().ifPresent(indexes -> d.put(HistoryCodec.INDEXES, indexes(indexes)));
        return d;
    }

    public Map<String, Object> indexes(EnsuredIndexes indexes) {
        Map<String, Object> d = format.newObject();
        d.put("fingerprint", indexes.fingerprint());
        d.put("declarations", indexes.declarations());
        d.put("ensuredAt", format.instant(indexes.ensuredAt()));
        return d;
    }

    public Map<String, Object> lock(LockInfo lock) {
        Map<String, Object> d = format.newObject();
        d.put("owner", lock.owner());
        d.put("token", lock.token());
        d.put("host", lock.host());
        d.put("acquiredAt", format.instant(lock.acquiredAt()));
        d.put("expiresAt", format.instant(lock.expiresAt()));
        d.put(HistoryCodec.LOCK_RENEWALS, lock.renewals());
        d.put(HistoryCodec.LOCK_TTL_MS, lock.ttl().toMillis());
        return d;
    }

    public Map<String, Object> checkpoint(CheckpointState checkpoint) {
        Map<String, Object> data = format.newObject();
        data.putAll(new TreeMap<>(checkpoint.data()));
        Map<String, Object> d = format.newObject();
        d.put("stepId", checkpoint.stepId());
        d.put("data", data);
        d.put("updatedAt", format.instant(checkpoint.updatedAt()));
        return d;
    }

    public Map<String, Object> history(HistoryEntry e) {
        Map<String, Object> d = format.newObject();
        d.put("stepId", e.stepId());
        d.put("from", e.from());
        d.put("to", e.to());
        d.put("status", e.status().name());
        d.put("skipForward", e.skipForward());
        d.put("startedAt", format.instant(e.startedAt()));
        d.put("finishedAt", format.instant(e.finishedAt()));
        d.put("durationMs", e.durationMs());
        d.put("owner", e.owner());
        d.put("error", e.error().orElse(null));
        e.checksum().ifPresent(checksum -> d.put(HistoryCodec.CHECKSUM, checksum));
        e.output().ifPresent(output -> d.put(HistoryCodec.OUTPUT, output));
        return d;
    }

    /** The ledger {@code name} from its stored tree (the caller checks the backend's own members). */
    public LedgerState parse(String name, Map<String, Object> d) {
        HistoryCodec.requireSchemaVersion(d.get(HistoryCodec.SCHEMA_VERSION));
        Optional<String> current = optional(d, HistoryCodec.CURRENT_VERSION, String.class, "ledger")
                .map(v -> HistoryCodec.requireVersion(v, "ledger.currentVersion"));
        Instant updatedAt = instant(d, HistoryCodec.UPDATED_AT, "ledger").orElse(Instant.EPOCH);
        Optional<LockInfo> lock = optional(d, HistoryCodec.LOCK, Map.class, "ledger").map(this::parseLock);
        Optional<CheckpointState> checkpoint = optional(d, HistoryCodec.CHECKPOINT, Map.class, "ledger")
                .map(this::parseCheckpoint);
        List<HistoryEntry> history = new ArrayList<>();
        List<?> raw = optional(d, HistoryCodec.HISTORY, List.class, "ledger").orElse(List.of());
        for (int i = 0; i < raw.size(); i++) {
            history.add(parseHistory(raw.get(i), i));
        }
        Optional<EnsuredIndexes> indexes = optional(d, HistoryCodec.INDEXES, Map.class, "ledger").map(this::parseIndexes);
        return new LedgerState(name, current, updatedAt, lock, checkpoint, history, indexes);
    }

    private EnsuredIndexes parseIndexes(Map<?, ?> raw) {
        Map<String, Object> d = object(raw, "ledger.indexes");
        return new EnsuredIndexes(require(d, "fingerprint", String.class, "ledger.indexes"),
                strings(require(d, "declarations", List.class, "ledger.indexes"), "ledger.indexes.declarations"),
                instant(d, "ensuredAt", "ledger.indexes").orElse(Instant.EPOCH));
    }

    /** {@code value} as an object; a {@link Malformed} naming {@code path} otherwise. */
    private Map<String, Object> object(Object value, String path) {
        if (!(value instanceof Map<?, ?> map)) {
            throw new Malformed(path + " is " + format.describe(value) + ", expected an object");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> fields = (Map<String, Object>) map;
        return fields;
    }

    /** The strings of an array; a {@link Malformed} naming the first element that is not one. */
    public static List<String> strings(List<?> raw, String path) {
        List<String> values = new ArrayList<>();
        for (int i = 0; i < raw.size(); i++) {
            if (!(raw.get(i) instanceof String value)) {
                throw new Malformed(path + "[" + i + "] is " + HistoryCodec.kind(raw.get(i)) + ", expected a string");
            }
            values.add(value);
        }
        return values;
    }

    private LockInfo parseLock(Map<?, ?> raw) {
        Map<String, Object> d = object(raw, "ledger.lock");
        return new LockInfo(require(d, "owner", String.class, "ledger.lock"),
                require(d, "token", String.class, "ledger.lock"),
                optional(d, "host", String.class, "ledger.lock").orElse(""),
                format.instant(require(d, "acquiredAt", Object.class, "ledger.lock"), "ledger.lock.acquiredAt"),
                format.instant(require(d, "expiresAt", Object.class, "ledger.lock"), "ledger.lock.expiresAt"),
                // absent in a lock written before renewals were counted: 0, and the waiter's own TTL
                optional(d, HistoryCodec.LOCK_RENEWALS, Number.class, "ledger.lock").map(Number::longValue).orElse(0L),
                java.time.Duration.ofMillis(optional(d, HistoryCodec.LOCK_TTL_MS, Number.class, "ledger.lock")
                        .map(Number::longValue).orElse(0L)));
    }

    private CheckpointState parseCheckpoint(Map<?, ?> raw) {
        Map<String, Object> d = object(raw, "ledger.checkpoint");
        Map<String, String> values = new LinkedHashMap<>();
        object(require(d, "data", Map.class, "ledger.checkpoint"), "ledger.checkpoint.data").forEach((k, v) -> {
            if (!(v instanceof String s)) {
                throw new Malformed("ledger.checkpoint.data." + k + " is " + format.describe(v) + ", expected a string");
            }
            values.put(k, s);
        });
        return new CheckpointState(require(d, "stepId", String.class, "ledger.checkpoint"), values,
                instant(d, "updatedAt", "ledger.checkpoint").orElse(Instant.EPOCH));
    }

    /**
     * Entry {@code i} of the history. Every no-op {@code run()} parses the whole history, so the
     * member paths of the messages ("ledger.history[7].startedAt") are built only when an entry is
     * malformed: a well-formed entry is parsed once with a placeholder path, and a malformed one
     * is parsed again with its real paths, which throws the same {@link Malformed} naming them.
     */
    private HistoryEntry parseHistory(Object raw, int i) {
        try {
            return parseHistory(object(raw, UNNAMED), UNNAMED, UNNAMED, UNNAMED, UNNAMED);
        } catch (Malformed unnamed) {
            String where = "ledger.history[" + i + "]";
            return parseHistory(object(raw, where), where, where + ".status", where + ".startedAt",
                    where + ".finishedAt");
        }
    }

    /** The placeholder path of a history entry's first parse (never in a message: see above). */
    private static final String UNNAMED = "ledger.history[?]";

    private HistoryEntry parseHistory(Map<String, Object> d, String where, String statusPath, String startedPath,
                                      String finishedPath) {
        return new HistoryEntry(require(d, "stepId", String.class, where),
                require(d, "from", String.class, where),
                require(d, "to", String.class, where),
                HistoryCodec.status(require(d, "status", String.class, where), statusPath),
                optional(d, "skipForward", Boolean.class, where).orElse(false),
                format.instant(require(d, "startedAt", Object.class, where), startedPath),
                format.instant(require(d, "finishedAt", Object.class, where), finishedPath),
                require(d, "durationMs", Number.class, where).longValue(),
                optional(d, "owner", String.class, where).orElse(""),
                optional(d, "error", String.class, where),
                optional(d, HistoryCodec.CHECKSUM, String.class, where),
                optional(d, HistoryCodec.OUTPUT, String.class, where));
    }

    private Optional<Instant> instant(Map<String, Object> d, String member, String where) {
        return optional(d, member, Object.class, where).map(v -> format.instant(v, where + "." + member));
    }
}
