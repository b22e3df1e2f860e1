package io.smartmigration.internal.ledger.mongo;

import static io.smartmigration.internal.ledger.HistoryCodec.CHECKPOINT;
import static io.smartmigration.internal.ledger.HistoryCodec.CURRENT_VERSION;
import static io.smartmigration.internal.ledger.HistoryCodec.HISTORY;
import static io.smartmigration.internal.ledger.HistoryCodec.LOCK;
import static io.smartmigration.internal.ledger.HistoryCodec.SCHEMA_VERSION;
import static io.smartmigration.internal.ledger.HistoryCodec.UPDATED_AT;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoClientSettings;
import com.mongodb.MongoCommandException;
import com.mongodb.MongoException;
import com.mongodb.MongoServerException;
import com.mongodb.MongoWriteException;
import com.mongodb.ReadConcern;
import com.mongodb.ReadPreference;
import com.mongodb.WriteConcern;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import io.smartmigration.ErrorCode;
import io.smartmigration.HistoryEntry;
import io.smartmigration.SmartMigrationException;
import io.smartmigration.internal.LogText;
import io.smartmigration.internal.ledger.CallBudgets;
import io.smartmigration.internal.ledger.CheckpointState;
import io.smartmigration.EnsuredIndexes;
import io.smartmigration.internal.ledger.Deadline;
import io.smartmigration.internal.ledger.HistoryCodec;
import io.smartmigration.internal.ledger.Ledger;
import io.smartmigration.internal.ledger.LeaseTime;
import io.smartmigration.internal.ledger.LedgerState;
import io.smartmigration.internal.ledger.LockInfo;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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
 *
 * <p>The ledger's I/O never inherits the application's client or database defaults: the collection
 * is used with {@code WriteConcern.MAJORITY.withJournal(true)}, {@code ReadConcern.MAJORITY},
 * {@code ReadPreference.primary()} and the driver's default codec registry, so an application
 * running its own data at w:0, w:1, {@code secondaryPreferred} or with custom codecs still gets a
 * ledger that survives a replica-set failover and reads its own writes. Every call is bounded by
 * the driver's client-side operation timeout ({@code withTimeout}, MongoDB CSOT, driver 5.2 or
 * later): the configured lockTtl, or the time left on the lease for a call made under it (see
 * {@link CallBudgets}).
 */
public final class MongoLedger implements Ledger {

    public static final String COLLECTION = "smartmigration_ledger";
    private static final int DUPLICATE_KEY = 11000;
    private static final String READ = "read the ledger";
    private static final int FORCE_UNLOCK_ATTEMPTS = 5;
    private static final Logger LOG = LoggerFactory.getLogger(MongoLedger.class);
    /** The concerns of every ledger operation, whatever the application's client says. */
    public static final WriteConcern WRITE_CONCERN = WriteConcern.MAJORITY.withJournal(true);
    public static final ReadConcern READ_CONCERN = ReadConcern.MAJORITY;
    public static final ReadPreference READ_PREFERENCE = ReadPreference.primary();

    private final MongoClient client;
    private final String databaseName;
    private final String name;
    private final MongoCollection<Document> collection;
    private final CallBudgets budgets;

    public MongoLedger(MongoClient client, String databaseName, String name) {
        this(client, databaseName, name, Duration.ofMinutes(10));
    }

    /** @param callTimeout bounds every call made outside a lease (the configured lockTtl) */
    public MongoLedger(MongoClient client, String databaseName, String name, Duration callTimeout) {
        this.client = client;
        this.databaseName = databaseName;
        this.name = name;
        this.collection = database(client, databaseName).getCollection(COLLECTION);
        this.budgets = new CallBudgets(callTimeout);
    }

    /**
     * The database with the ledger's concerns and the driver's default codecs, for everything the
     * library sends for itself (the ledger, the fresh-data check).
     */
    public static MongoDatabase database(MongoClient client, String databaseName) {
        return client.getDatabase(databaseName)
                .withCodecRegistry(MongoClientSettings.getDefaultCodecRegistry())
                .withWriteConcern(WRITE_CONCERN)
                .withReadConcern(READ_CONCERN)
                .withReadPreference(READ_PREFERENCE);
    }

    private MongoCollection<Document> bounded(Deadline deadline) {
        return MongoTimeouts.bounded(collection, deadline.remainingMillis());
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
    public void bind(LockInfo lease, LeaseTime time) {
        budgets.bind(lease, time);
    }

    @Override
    public void unbind(LockInfo lease) {
        budgets.unbind(lease);
    }

    @Override
    public Optional<LedgerState> read() {
        return readDocument(budgets.open()).map(this::parse);
    }

    private Optional<Document> readDocument(Deadline deadline) {
        return Optional.ofNullable(call(READ, deadline, c -> c.find(Filters.eq("_id", name)).first()));
    }

    @Override
    public Optional<LockInfo> tryAcquire(String owner, String host, Instant now, Duration ttl,
                                         Optional<LockInfo> takeOver) {
        LockInfo lease = new LockInfo(owner, java.util.UUID.randomUUID().toString(), host, now, now.plus(ttl), 0, ttl);
        // Free, or still exactly the lease the caller watched go unrenewed: never "expired by my clock".
        Bson free = Filters.or(Filters.eq(LOCK, null), takeOver.map(MongoLedger::unchanged).orElse(Filters.eq(LOCK, null)));
        Bson filter = Filters.and(Filters.eq("_id", name), free);
        Bson update = Updates.combine(
                Updates.set(LOCK, MongoLedgerCodec.lock(lease)),
                Updates.set(UPDATED_AT, Date.from(now)),
                Updates.setOnInsert(SCHEMA_VERSION, LedgerState.SCHEMA_VERSION),
                Updates.setOnInsert(CURRENT_VERSION, null),
                Updates.setOnInsert(CHECKPOINT, null),
                Updates.setOnInsert(HISTORY, List.of()));
        try {
            Document after = call("take the lock", budgets.open(), c -> c.findOneAndUpdate(filter, update,
                    new FindOneAndUpdateOptions().upsert(true).returnDocument(ReturnDocument.AFTER)));
            return after == null ? Optional.empty() : Optional.of(lease);
        } catch (HeldByAnother held) {
            return Optional.empty();
        }
    }

    /** Matches the lock only while it is still {@code seen}: same token, renewal count and expiry. */
    private static Bson unchanged(LockInfo seen) {
        return Filters.and(Filters.eq(LOCK + ".token", seen.token()),
                seen.renewals() == 0
                        ? Filters.or(Filters.eq(LOCK + "." + HistoryCodec.LOCK_RENEWALS, 0L),
                                Filters.exists(LOCK + "." + HistoryCodec.LOCK_RENEWALS, false))
                        : Filters.eq(LOCK + "." + HistoryCodec.LOCK_RENEWALS, seen.renewals()),
                Filters.eq(LOCK + ".expiresAt", Date.from(seen.expiresAt())));
    }

    @Override
    public boolean renew(LockInfo lease, Instant newExpiry) {
        String what = "renew the lease";
        long matched = call(what, budgets.open(lease, what), c -> c.updateOne(held(lease), Updates.combine(
                Updates.set(LOCK + ".expiresAt", Date.from(newExpiry)),
                Updates.inc(LOCK + "." + HistoryCodec.LOCK_RENEWALS, 1L))).getMatchedCount());
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
        String what = "release the lock";
        call(what, budgets.open(lease, what), c -> c.updateOne(held(lease), Updates.set(LOCK, null)));
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
        String what = "stamp the ledger at " + version;
        Deadline deadline = budgets.open();
        try {
            call(what, deadline, c -> c.updateOne(Filters.eq("_id", name), update, upsert));
        } catch (HeldByAnother raced) {
            // Another writer created the document between this upsert's match and its insert: it exists now.
            call(what, deadline, c -> c.updateOne(Filters.eq("_id", name), update, upsert));
        }
    }

    /**
     * Reads and validates the ledger first (a corrupt one throws LEDGER_CORRUPT before anything is
     * written), then clears exactly the lock that read found: the update is filtered on its token.
     */
    @Override
    public Optional<LockInfo> forceUnlock() {
        Deadline deadline = budgets.open();
        for (int attempt = 1; ; attempt++) {
            Optional<LockInfo> lock = readDocument(deadline).map(this::parse).flatMap(LedgerState::lock);
            if (lock.isEmpty()) {
                return Optional.empty();
            }
            long matched = call("remove the lock", deadline, c -> c.updateOne(held(lock.get()),
                    Updates.set(LOCK, null)).getMatchedCount());
            if (matched > 0) {
                return lock;
            }
            if (attempt >= FORCE_UNLOCK_ATTEMPTS) {
                throw new SmartMigrationException(ErrorCode.LEDGER_UNAVAILABLE, "could not remove the lock of the "
                        + describe() + ": it changed hands " + attempt + " times while this call tried to remove it;"
                        + " instances are taking it in turn, which means they are alive: let them finish");
            }
            LOG.debug("the lock of the {} changed between reading and removing it; reading again", describe());
        }
    }

    private Bson held(LockInfo lease) {
        return Filters.and(Filters.eq("_id", name), Filters.eq(LOCK + ".token", lease.token()));
    }

    private void fencedUpdate(LockInfo lease, String what, Bson update) {
        Deadline deadline = budgets.open(lease, what);
        long matched = call(what, deadline, c -> c.updateOne(held(lease), update).getMatchedCount());
        if (matched == 0) {
            throw lockLost(lease, what, deadline);
        }
    }

    private SmartMigrationException lockLost(LockInfo lease, String what, Deadline deadline) {
        String holder;
        try {
            holder = readDocument(deadline).map(this::parse).flatMap(LedgerState::lock).map(LockInfo::describe)
                    .orElse("nobody");
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
                    + " cannot be read: " + LogText.cut(e.getMessage()) + ". Nothing was changed; fix or remove that"
                    + " document (its content: " + LogText.cut(json(document), LogText.CONTENT) + ")");
        }
    }

    private static String json(Document document) {
        try {
            return document.toJson();
        } catch (RuntimeException e) {
            return String.valueOf(document);
        }
    }

    /** Marks the duplicate-key answer of the lock upsert. */
    private static final class HeldByAnother extends RuntimeException {
        HeldByAnother() {
            super(null, null, false, false);
        }
    }

    /**
     * Runs one driver call on the ledger collection bounded by {@code deadline}. Every exception
     * the driver (or a closed client, or a codec) can throw becomes {@code LEDGER_UNAVAILABLE}; the
     * duplicate-key answer of the lock upsert becomes {@link HeldByAnother}.
     */
    private <T> T call(String what, Deadline deadline, Function<MongoCollection<Document>, T> operation) {
        if (deadline.passed()) {
            throw timedOut(what, deadline, null);
        }
        try {
            return operation.apply(bounded(deadline));
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
                throw new HeldByAnother();
            }
            throw unavailable(what, deadline, e);
        } catch (MongoCommandException e) {
            if (e.getErrorCode() == DUPLICATE_KEY) {
                throw new HeldByAnother();
            }
            throw unavailable(what, deadline, e);
        } catch (MongoServerException e) {
            if (e.getCode() == DUPLICATE_KEY) {
                throw new HeldByAnother();
            }
            throw unavailable(what, deadline, e);
        } catch (SmartMigrationException | HeldByAnother e) {
            throw e;
        } catch (RuntimeException e) {
            // MongoException, and what else a driver call can throw: IllegalStateException from a closed
            // client, a codec's BSONException, UnsupportedOperationException from an unacknowledged result
            throw unavailable(what, deadline, e);
        }
    }

    private SmartMigrationException unavailable(String what, Deadline deadline, RuntimeException e) {
        if (deadline.passed()) {
            return timedOut(what, deadline, e);
        }
        return new SmartMigrationException(ErrorCode.LEDGER_UNAVAILABLE, "could not " + what + " (" + describe()
                + "): " + e.getClass().getSimpleName() + ": " + LogText.cut(e.getMessage())
                + ". Check that MongoDB is reachable at " + address() + " and that the user may "
                + (what.equals(READ) ? "read " : "read and write ") + databaseName + "." + COLLECTION, e);
    }

    private SmartMigrationException timedOut(String what, Deadline deadline, RuntimeException e) {
        return new SmartMigrationException(ErrorCode.LEDGER_UNAVAILABLE, "could not " + what + " (" + describe()
                + ") within " + deadline.budget().toMillis() + " ms (a ledger call is bounded by the"
                + " lease, lockTtl, or the time left on it)" + (e == null ? "" : ": " + e.getClass().getSimpleName()
                + ": " + LogText.cut(e.getMessage())) + ". Check that MongoDB is reachable at " + address(), e);
    }
}
