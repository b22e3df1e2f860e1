package io.smartmigration.internal.ledger.s3;

import static io.smartmigration.internal.ledger.HistoryCodec.optional;
import static io.smartmigration.internal.ledger.HistoryCodec.require;

import io.smartmigration.internal.ledger.HistoryCodec;
import io.smartmigration.internal.ledger.HistoryCodec.Malformed;
import io.smartmigration.internal.ledger.LedgerCodec;
import io.smartmigration.internal.ledger.LedgerState;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One S3 ledger state object: the shared {@link LedgerCodec} over JSON ({@link Json}), with
 * instants as ISO-8601 strings at full precision (so a state read back equals the state written),
 * plus three members of its own: {@code name}, which must be the ledger's; {@code sequence}, the
 * state's position in the ledger's sequence of states, which must match the object's key; and
 * {@code recentChanges}, the ids of the last changes that led to it (so a writer can tell whether
 * its change landed).
 */
final class S3LedgerCodec {

    static final String NAME = "name";
    static final String SEQUENCE = "sequence";
    static final String RECENT_CHANGES = "recentChanges";

    private static final LedgerCodec CODEC = new LedgerCodec(new LedgerCodec.Format() {
        @Override
        public Map<String, Object> newObject() {
            return new LinkedHashMap<>();
        }

        @Override
        public Object instant(Instant instant) {
            return instant.toString();
        }

        @Override
        public Instant instant(Object stored, String path) {
            String text = HistoryCodec.typed(stored, String.class, path);
            try {
                return Instant.parse(text);
            } catch (DateTimeParseException e) {
                throw new Malformed(path + " is the string \"" + text
                        + "\", expected an ISO-8601 instant such as 2025-01-31T12:00:00Z");
            }
        }
    });

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
        d.putAll(CODEC.state(state));
        d.put(SEQUENCE, sequence);
        d.put(RECENT_CHANGES, recentChanges);
        return Json.write(d);
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
        LedgerState state = CODEC.parse(name, d);
        List<String> changes = LedgerCodec.strings(optional(d, RECENT_CHANGES, List.class, "ledger").orElse(List.of()),
                "ledger.recentChanges");
        return new Parsed(state, changes);
    }
}
