package io.smartmigration.internal.ledger.mongo;

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
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bson.Document;

/** Converts between the ledger document and {@link LedgerState}, strictly. */
final class MongoLedgerCodec {

    private MongoLedgerCodec() {
    }

    static Document lock(LockInfo lock) {
        return new Document("owner", lock.owner()).append("token", lock.token()).append("host", lock.host())
                .append("acquiredAt", Date.from(lock.acquiredAt())).append("expiresAt", Date.from(lock.expiresAt()));
    }

    static Document checkpoint(CheckpointState checkpoint) {
        return new Document("stepId", checkpoint.stepId()).append("data", new Document(new LinkedHashMap<>(checkpoint.data())))
                .append("updatedAt", Date.from(checkpoint.updatedAt()));
    }

    static Document indexes(EnsuredIndexes indexes) {
        return new Document("fingerprint", indexes.fingerprint()).append("declarations", indexes.declarations())
                .append("ensuredAt", Date.from(indexes.ensuredAt()));
    }

    static Document history(HistoryEntry e) {
        Document d = new Document("stepId", e.stepId()).append("from", e.from()).append("to", e.to())
                .append("status", e.status().name()).append("skipForward", e.skipForward())
                .append("startedAt", Date.from(e.startedAt())).append("finishedAt", Date.from(e.finishedAt()))
                .append("durationMs", e.durationMs()).append("owner", e.owner()).append("error", e.error().orElse(null));
        e.checksum().ifPresent(checksum -> d.append(HistoryCodec.CHECKSUM, checksum));
        e.output().ifPresent(output -> d.append(HistoryCodec.OUTPUT, output));
        return d;
    }

    static LedgerState parse(String name, Document d) {
        HistoryCodec.requireSchemaVersion(d.get(HistoryCodec.SCHEMA_VERSION));
        Optional<String> current = optional(d, HistoryCodec.CURRENT_VERSION, String.class, "ledger")
                .map(v -> HistoryCodec.requireVersion(v, "ledger.currentVersion"));
        Instant updatedAt = optional(d, HistoryCodec.UPDATED_AT, Date.class, "ledger").map(Date::toInstant)
                .orElse(Instant.EPOCH);
        Optional<LockInfo> lock = optional(d, HistoryCodec.LOCK, Document.class, "ledger").map(MongoLedgerCodec::parseLock);
        Optional<CheckpointState> checkpoint = optional(d, HistoryCodec.CHECKPOINT, Document.class, "ledger")
                .map(MongoLedgerCodec::parseCheckpoint);
        List<HistoryEntry> history = new ArrayList<>();
        List<?> raw = optional(d, HistoryCodec.HISTORY, List.class, "ledger").orElse(List.of());
        for (int i = 0; i < raw.size(); i++) {
            Object item = raw.get(i);
            String where = "ledger.history[" + i + "]";
            if (!(item instanceof Document entry)) {
                throw new Malformed(where + " is " + HistoryCodec.describe(item) + ", expected document");
            }
            history.add(parseHistory(entry, where));
        }
        Optional<EnsuredIndexes> indexes = optional(d, HistoryCodec.INDEXES, Document.class, "ledger")
                .map(MongoLedgerCodec::parseIndexes);
        return new LedgerState(name, current, updatedAt, lock, checkpoint, history, indexes);
    }

    private static EnsuredIndexes parseIndexes(Document d) {
        List<String> declarations = new ArrayList<>();
        List<?> raw = require(d, "declarations", List.class, "ledger.indexes");
        for (int i = 0; i < raw.size(); i++) {
            if (!(raw.get(i) instanceof String declaration)) {
                throw new Malformed("ledger.indexes.declarations[" + i + "] is " + HistoryCodec.describe(raw.get(i))
                        + ", expected string");
            }
            declarations.add(declaration);
        }
        return new EnsuredIndexes(require(d, "fingerprint", String.class, "ledger.indexes"), declarations,
                optional(d, "ensuredAt", Date.class, "ledger.indexes").map(Date::toInstant).orElse(Instant.EPOCH));
    }

    private static LockInfo parseLock(Document d) {
        return new LockInfo(require(d, "owner", String.class, "ledger.lock"),
                require(d, "token", String.class, "ledger.lock"),
                optional(d, "host", String.class, "ledger.lock").orElse(""),
                require(d, "acquiredAt", Date.class, "ledger.lock").toInstant(),
                require(d, "expiresAt", Date.class, "ledger.lock").toInstant());
    }

    private static CheckpointState parseCheckpoint(Document d) {
        Document data = require(d, "data", Document.class, "ledger.checkpoint");
        Map<String, String> values = new LinkedHashMap<>();
        data.forEach((k, v) -> {
            if (!(v instanceof String s)) {
                throw new Malformed("ledger.checkpoint.data." + k + " is " + HistoryCodec.describe(v) + ", expected string");
            }
            values.put(k, s);
        });
        return new CheckpointState(require(d, "stepId", String.class, "ledger.checkpoint"), values,
                optional(d, "updatedAt", Date.class, "ledger.checkpoint").map(Date::toInstant).orElse(Instant.EPOCH));
    }

    private static HistoryEntry parseHistory(Document d, String where) {
        return new HistoryEntry(require(d, "stepId", String.class, where),
                require(d, "from", String.class, where),
                require(d, "to", String.class, where),
                HistoryCodec.status(require(d, "status", String.class, where), where + ".status"),
                optional(d, "skipForward", Boolean.class, where).orElse(false),
                require(d, "startedAt", Date.class, where).toInstant(),
                require(d, "finishedAt", Date.class, where).toInstant(),
                require(d, "durationMs", Number.class, where).longValue(),
                optional(d, "owner", String.class, where).orElse(""),
                optional(d, "error", String.class, where),
                optional(d, HistoryCodec.CHECKSUM, String.class, where),
                optional(d, HistoryCodec.OUTPUT, String.class, where));
    }
}
