package io.smartmigration.internal.ledger.mongo;

import io.smartmigration.HistoryEntry;
import io.smartmigration.internal.ledger.CheckpointState;
import io.smartmigration.EnsuredIndexes;
import io.smartmigration.internal.ledger.HistoryCodec;
import io.smartmigration.internal.ledger.LedgerCodec;
import io.smartmigration.internal.ledger.LedgerState;
import io.smartmigration.internal.ledger.LockInfo;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import org.bson.Document;

/**
 * The shared {@link LedgerCodec} over BSON: objects are {@link Document}s, instants BSON dates
 * (millisecond precision, as BSON stores them).
 */
final class MongoLedgerCodec {

    private static final LedgerCodec CODEC = new LedgerCodec(new LedgerCodec.Format() {
        @Override
        public Map<String, Object> newObject() {
            return new Document();
        }

        @Override
        public Object instant(Instant instant) {
            return Date.from(instant);
        }

        @Override
        public Instant instant(Object stored, String path) {
            return HistoryCodec.typed(stored, Date.class, path).toInstant();
        }

        @Override
        public String describe(Object value) {
            return HistoryCodec.describe(value);   // with the value: an operator looks at the document by hand
        }
    });

    private MongoLedgerCodec() {
    }

    static Document lock(LockInfo lock) {
        return (Document) CODEC.lock(lock);
    }

    static Document checkpoint(CheckpointState checkpoint) {
        return (Document) CODEC.checkpoint(checkpoint);
    }

    static Document indexes(EnsuredIndexes indexes) {
        return (Document) CODEC.indexes(indexes);
    }

    static Document history(HistoryEntry e) {
        return (Document) CODEC.history(e);
    }

    static LedgerState parse(String name, Document d) {
        return CODEC.parse(name, d);
    }
}
