package io.smartmigration.internal.ledger.mongo;

import static io.smartmigration.internal.ledger.HistoryCodec.CHECKPOINT;
import static io.smartmigration.internal.ledger.HistoryCodec.CURRENT_VERSION;
import static io.smartmigration.internal.ledger.HistoryCodec.HISTORY;
import static io.smartmigration.internal.ledger.HistoryCodec.LOCK;
import static io.smartmigration.internal.ledger.HistoryCodec.SCHEMA_VERSION;
import static io.smartmigration.internal.ledger.HistoryCodec.UPDATED_AT;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoCommandException;
import com.mongodb.MongoException;
import com.mongodb.MongoServerException;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import io.smartmigration.ErrorCode;
import io.smartmigration.HistoryEntry;
import io.smartmigration.SmartMigrationException;
import io.smartmigration.internal.ledger.CheckpointState;
import io.smartmigration.EnsuredIndexes;
import io.smartmigration.internal.ledger.HistoryCodec;
import io.smartmigration.internal.ledger.Ledger;
import io.smartmigration.internal.ledger.LedgerState;
import io.smartmigration.internal.ledger.LockInfo;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * The ledger as one document in the collection {@code smartmigration_ledger}, {@code _id} = the
 * ledger's name.
 *
 * <p>The lock is taken with one {@code findOneAndUpdate} upsert filtered on "no lock, or the lock's
 * lease expired": when another instance holds a live lease the filter matches nothing, the upsert
 * tries to insert a second document with the same {@code _id}, and the server answers duplicate
 * key (11000), which means "held". Every later write filters on {@code lock.token}, the fencing
 * token, so an instance whose lease was taken over matches nothing and learns it lost the lock.
 */
public final class MongoLedger implements Ledger {

    public static final String COLLECTION = "smartmigration_ledger";
    private static final int DUPLICATE_KEY = 11000;
    private static final String READ = "read the ledger";

    private final MongoClient client;
    private final String databaseName;
    private final String name;
    private final MongoCollection<Document> collection;

    public MongoLedger(MongoClient client, String databaseName, String name) {
        this.client = client;
        this.databaseName = databaseName;
        this.name = name;
        this.collection = client.getDatabase(databaseName).getCollection(COLLECTION);
    }

    @Override
    public String describe() {
        return "Mongo ledger '" + name + "' in " + databaseName + "." + COLLECTION + " at " + address();
    }

    private String address() {
        try {
            return client.getClusterDescription().getClusterSettings().getHosts().toString();
        } catch (RuntimeException e) {
            return "(unknown address)";
        }
    }

    @Override
    public Optional<LedgerState> read() {
        Document document = call(READ, () -> collection.find(Filters.eq("_id", name)).first());
        return Optional.ofNullable(document).map(this::parse);
    }

    @Override
    public Optional<LockInfo> tryAcquire(String owner, String host, Instant now, Instant expiresAt) {
        LockInfo lease = new LockInfo(owner, java.util.UUID.randomUUID().toString(), host, now, expiresAt);
        Bson free = Filters.and(Filters.eq("_id", name),
                Filters.or(Filters.eq(LOCK, null), Filters.lte(LOCK + ".expiresAt", Date.from(now))));
        Bson update = Updates.combine(
                Updates.set(LOCK, MongoLedgerCodec.lock(lease)),
                Updates.set(UPDATED_AT, Date.from(now)),
                Updates.setOnInsert(SCHEMA_VERSION, LedgerState.SCHEMA_VERSION),
                Updates.setOnInsert(CURRENT_VERSION, null),
                Updates.setOnInsert(CHECKPOINT, null),
                Updates.setOnInsert(HISTORY, List.of()));
        try {
            Document after = call("take the lock", () -> collection.findOneAndUpdate(free, update,
                    new FindOneAndUpdateOptions().upsert(true).returnDocument(ReturnDocument.AFTER)));
            return after == null ? Optional.empty() : Optional.of(lease);
        } catch (HeldByAnother held) {
            return Optional.empty();
        }
    }

    @Override
    public boolean renew(LockInfo lease, Instant newExpiry) {
        long matched = call("renew the lease", () -> collection.updateOne(held(lease),
                Updates.set(LOCK + ".expiresAt", Date.from(newExpiry))).getMatchedCount());
        return matched > 0;
    }

    @Override
    public void advance(LockInfo lease, String toVersion, HistoryEntry entry, Instant now) {
        fencedUpdate(lease, "advance the ledger to " + toVersion, Updates.combine(
                Updates.set(CURRENT_VERSION, toVersion),
                Updates.set(UPDATED_AT, Date.from(now)),
                Updates.set(CHECKPOINT, null),
                Updates.push(HISTORY, MongoLedgerCodec.history(entry))));
    }

    @Override
    public void recordFailure(LockInfo lease, HistoryEntry entry, Instant now) {
        fencedUpdate(lease, "record the failure of step '" + entry.stepId() + "'", Updates.combine(
                Updates.set(UPDATED_AT, Date.from(now)),
                Updates.push(HISTORY, MongoLedgerCodec.history(entry))));
    }

    @Override
    public void recordIndexes(LockInfo lease, EnsuredIndexes indexes) {
        fencedUpdate(lease, "record the ensured indexes", Updates.set(HistoryCodec.INDEXES, MongoLedgerCodec.indexes(indexes)));
    }

    @Override
    public void saveCheckpoint(LockInfo lease, CheckpointState checkpoint) {
        fencedUpdate(lease, "save the checkpoint of step '" + checkpoint.stepId() + "'",
                Updates.set(CHECKPOINT, MongoLedgerCodec.checkpoint(checkpoint)));
    }

    @Override
    public void release(LockInfo lease) {
        call("release the lock", () -> collection.updateOne(held(lease), Updates.set(LOCK, null)));
    }

    @Override
    public void stamp(String version, HistoryEntry entry, Instant now) {
        Bson update = Updates.combine(
                Updates.set(CURRENT_VERSION, version),
                Updates.set(UPDATED_AT, Date.from(now)),
                Updates.set(CHECKPOINT, null),
                Updates.push(HISTORY, MongoLedgerCodec.history(entry)),
                Updates.setOnInsert(SCHEMA_VERSION, LedgerState.SCHEMA_VERSION),
                Updates.setOnInsert(LOCK, null));
        UpdateOptions upsert = new UpdateOptions().upsert(true);
        try {
            call("stamp the ledger at " + version, () -> collection.updateOne(Filters.eq("_id", name), update, upsert));
        } catch (HeldByAnother raced) {
            // Another writer created the document between this upsert's match and its insert: it exists now.
            call("stamp the ledger at " + version, () -> collection.updateOne(Filters.eq("_id", name), update, upsert));
        }
    }


    @Override
    public Optional<LockInfo> forceUnlock() {
        Document before = call("remove the lock", () -> collection.findOneAndUpdate(
                Filters.and(Filters.eq("_id", name), Filters.ne(LOCK, null)), Updates.set(LOCK, null)));
        return Optional.ofNullable(before).flatMap(d -> parse(d).lock());
    }


    private Bson held(LockInfo lease) {
        return Filters.and(Filters.eq("_id", name), Filters.eq(LOCK + ".token", lease.token()));
    }

    private void fencedUpdate(LockInfo lease, String what, Bson update) {
        long matched = call(what, () -> collection.updateOne(held(lease), update).getMatchedCount());
        if (matched == 0) {
            throw lockLost(lease, what);
        }
    }

    private SmartMigrationException lockLost(LockInfo lease, String what) {
        String holder;
        try {
            holder = read().flatMap(LedgerState::lock).map(LockInfo::describe).orElse("nobody");
        } catch (SmartMigrationException e) {
            holder = "unknown (" + e.getMessage() + ")";
        }
        return new SmartMigrationException(ErrorCode.LOCK_LOST, "could not " + what + ": this instance '"
                + lease.owner() + "' no longer holds the lock of the " + describe() + "; it is now held by " + holder
                + ". Nothing more was written; the holder carries on. Raise lockTtl if steps stall longer than it");
    }

    private LedgerState parse(Document document) {
        try {
            return MongoLedgerCodec.parse(name, document);
        } catch (HistoryCodec.Malformed e) {
            throw new SmartMigrationException(ErrorCode.LEDGER_CORRUPT, "the " + describe()
                    + " cannot be read: " + e.getMessage() + ". Nothing was changed; fix or remove that document"
                    + " (its content: " + document.toJson() + ")");
        }
    }

    /** Marks the duplicate-key answer of the lock upsert. */
    private static final class HeldByAnother extends RuntimeException {
        HeldByAnother() {
            super(null, null, false, false);
        }
    }

    private <T> T call(String what, Supplier<T> operation) {
        try {
            return operation.get();
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
                throw new HeldByAnother();
            }
            throw unavailable(what, e);
        } catch (MongoCommandException e) {
            if (e.getErrorCode() == DUPLICATE_KEY) {
                throw new HeldByAnother();
            }
            throw unavailable(what, e);
        } catch (MongoServerException e) {
            if (e.getCode() == DUPLICATE_KEY) {
                throw new HeldByAnother();
            }
            throw unavailable(what, e);
        } catch (MongoException e) {
            throw unavailable(what, e);
        }
    }

    private SmartMigrationException unavailable(String what, MongoException e) {
        return new SmartMigrationException(ErrorCode.LEDGER_UNAVAILABLE, "could not " + what + " (" + describe()
                + "): " + e.getClass().getSimpleName() + ": " + e.getMessage() + ". Check that MongoDB is reachable at "
                + address() + " and that the user may " + (what.equals(READ) ? "read " : "read and write ")
                + databaseName + "." + COLLECTION, e);
    }
}
