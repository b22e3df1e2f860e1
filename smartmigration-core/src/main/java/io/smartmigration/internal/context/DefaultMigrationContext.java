package io.smartmigration.internal.context;

import com.mongodb.client.ClientSession;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import io.smartmigration.BatchHandler;
import io.smartmigration.Checkpoint;
import io.smartmigration.ErrorCode;
import io.smartmigration.HistoryEntry;
import io.smartmigration.ItemHandler;
import io.smartmigration.MigrationContext;
import io.smartmigration.SmartMigrationException;
import io.smartmigration.StepInfo;
import io.smartmigration.internal.MigrationConfig;
import io.smartmigration.internal.ledger.Ledger;
import io.smartmigration.internal.lock.LeaseKeeper;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/** The context handed to one step's handler in one run. */
public final class DefaultMigrationContext implements MigrationContext {

    private final MigrationConfig config;
    private final StepInfo step;
    private final boolean resumable;
    private final Checkpoint checkpoint;
    private final Logger log;
    private final Map<List<String>, Integer> walks = new HashMap<>();
    /** The INVALID_CONFIG errors this context threw: a misconfigured step, not a failing one. */
    private final Set<SmartMigrationException> misuses = ConcurrentHashMap.newKeySet();
    private volatile String output;
    private final LeaseKeeper keeper;
    private MongoClient guardedMongo;
    private S3Client guardedS3;

    /**
     * @param restored the checkpoint the ledger holds for this step, if any
     */
    public DefaultMigrationContext(MigrationConfig config, StepInfo step, boolean resumable, Map<String, String> restored,
                                   Ledger ledger, LeaseKeeper keeper) {
        this.config = config;
        this.step = step;
        this.resumable = resumable;
        this.keeper = keeper;
        this.log = LoggerFactory.getLogger("io.smartmigration.step." + step.id());
        this.checkpoint = resumable
                ? new LedgerCheckpoint(step.id(), restored, ledger, keeper, config.clock())
                : new TransientCheckpoint();
    }

    /** Guarded (see {@link LockGuard}): refuses operations once this instance may have lost its lease. */
    @Override
    public MongoDatabase mongo() {
        return mongoClient().getDatabase(config.databaseName());
    }

    /** Guarded like {@link #mongo()}: databases and collections obtained from it are guarded too. */
    @Override
    public synchronized MongoClient mongoClient() {
        if (!config.hasMongo()) {
            throw notConfigured("Mongo", ".mongo(mongoClient, \"database\")");
        }
        if (guardedMongo == null) {
            guardedMongo = LockGuard.wrap(MongoClient.class, config.mongoClient(), keeper, LockGuard.MONGO_LOCAL,
                    LockGuard.MONGO_HANDLES);
        }
        return guardedMongo;
    }

    /** A session of the application's client (not itself guarded; the operations sent with it through {@link #mongo()} are). */
    @Override
    public ClientSession startSession() {
        mongoClient();
        keeper.guard("start a session", "");
        return config.mongoClient().startSession();
    }

    /** Guarded like {@link #mongo()}. */
    @Override
    public synchronized S3Client s3() {
        if (!config.hasS3()) {
            throw notConfigured("S3", ".s3(s3Client, \"bucket\")");
        }
        if (guardedS3 == null) {
            guardedS3 = LockGuard.wrap(S3Client.class, config.s3Client(), keeper, LockGuard.S3_LOCAL_CALLS, type -> false);
        }
        return guardedS3;
    }

    @Override
    public String bucket() {
        s3();
        return config.bucket();
    }

    @Override
    public StepInfo step() {
        return step;
    }

    @Override
    public Logger log() {
        return log;
    }

    @Override
    public Clock clock() {
        return config.clock();
    }

    @Override
    public Checkpoint checkpoint() {
        if (!resumable) {
            throw misuse("step '" + step.id()
                    + "' asked for its checkpoint but is not resumable: mark it with .resumable() on the step builder,"
                    + " or return true from resumable() in the MigrationStep");
        }
        return checkpoint;
    }

    @Override
    public void output(String summary) {
        if (summary == null) {
            throw misuse("step '" + step.id() + "' called ctx.output(null): pass the step's summary text, for example"
                    + " ctx.output(\"moved 32 attachments\")");
        }
        output = capped(summary);
    }

    /** The last summary the handler set, already capped. */
    public Optional<String> recordedOutput() {
        return Optional.ofNullable(output);
    }

    /**
     * The INVALID_CONFIG error this context threw, if {@code thrown} is it or was caused by it (a handler
     * may wrap it): a configuration mistake, which {@code run()} reports as one rather than as a failing step.
     */
    public Optional<SmartMigrationException> misuseIn(Throwable thrown) {
        for (Throwable t = thrown; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SmartMigrationException e && misuses.contains(e)) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }

    /** {@code text} cut to {@link HistoryEntry#OUTPUT_LIMIT_BYTES} bytes of UTF-8, marker included, on a code point. */
    static String capped(String text) {
        int limit = HistoryEntry.OUTPUT_LIMIT_BYTES;
        if (text.length() <= limit / 3 || text.getBytes(StandardCharsets.UTF_8).length <= limit) {
            return text;
        }
        String marker = " " + HistoryEntry.TRUNCATED;
        int budget = limit - marker.length();
        int bytes = 0;
        int end = 0;
        while (end < text.length()) {
            int codePoint = text.codePointAt(end);
            int size = codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;
            if (bytes + size > budget) {
                break;
            }
            bytes += size;
            end += Character.charCount(codePoint);
        }
        return text.substring(0, end) + marker;
    }

    @Override
    public long forEachDocumentBatch(String collection, Bson filter, int batchSize, BatchHandler<Document> handler) {
        mongo();   // says what to configure when Mongo is not
        // The walk reads through the application's own client and asks the guard once per batch (BatchBoundary):
        // reads cannot harm the data, and a per-document check would cost the bulk loop.
        return walk(() -> DocumentBatches.walk(config.mongoClient().getDatabase(config.databaseName()).getCollection(collection),
                filter, batchSize, handler, checkpoint, WalkKey.documents(collection, walkNumber("documents", collection)),
                Walks.batchTimeout(config.lockTtl()), log, keeper));
    }

    @Override
    public long forEachObjectBatch(String prefix, int batchSize, BatchHandler<S3Object> handler) {
        return walk(() -> ObjectBatches.walk(config.s3Client(), bucket(), prefix, batchSize, handler, checkpoint,
                WalkKey.objects(prefix, walkNumber("objects", prefix)), Walks.batchTimeout(config.lockTtl()), log, keeper));
    }

    @Override
    public long forEachDocument(String collection, Bson filter, int parallelism, ItemHandler<Document> handler) {
        mongo();   // says what to configure when Mongo is not
        // read as the batch walk reads (the guard once per batch); the workers' writes go through ctx.mongo()
        return walk(() -> ParallelDocuments.walk(config.mongoClient().getDatabase(config.databaseName()).getCollection(collection),
                filter, parallelism, handler, checkpoint, WalkKey.documents(collection, walkNumber("documents", collection)),
                Walks.batchTimeout(config.lockTtl()), step.id(), log, keeper));
    }

    @Override
    public long forEachObject(String prefix, int parallelism, ItemHandler<S3Object> handler) {
        return walk(() -> ParallelObjects.walk(config.s3Client(), bucket(), prefix, parallelism, handler, checkpoint,
                WalkKey.objects(prefix, walkNumber("objects", prefix)), Walks.batchTimeout(config.lockTtl()), step.id(), log, keeper));
    }

    /**
     * Counts the walks over one collection or prefix in this run of the step, so two walks over the
     * same one keep separate positions (a handler runs its walks in the same order every time).
     */
    private synchronized int walkNumber(String kind, String name) {
        return walks.merge(List.of(kind, name), 1, Integer::sum);
    }

    /** A batch walk, whose INVALID_CONFIG (a bad batch size) is a misconfigured step. */
    private long walk(java.util.function.LongSupplier walk) {
        try {
            return walk.getAsLong();
        } catch (SmartMigrationException e) {
            if (e.code() == ErrorCode.INVALID_CONFIG) {
                misuses.add(e);
            }
            throw e;
        }
    }

    private SmartMigrationException notConfigured(String backend, String call) {
        return misuse("step '" + step.id() + "' asked for " + backend
                + ", which is not configured: call " + call + " on the SmartMigration builder");
    }

    private SmartMigrationException misuse(String message) {
        SmartMigrationException e = new SmartMigrationException(ErrorCode.INVALID_CONFIG, message);
        misuses.add(e);
        return e;
    }

    /** The position of a batch walk in a step that is not resumable: kept for this run only. */
    private static final class TransientCheckpoint implements Checkpoint {
        private final Map<String, String> values = new HashMap<>();

        @Override
        public synchronized Optional<String> get(String key) {
            return Optional.ofNullable(values.get(key));
        }

        @Override
        public synchronized void put(String key, String value) {
            values.put(key, value);
        }

        @Override
        public synchronized Map<String, String> asMap() {
            return Map.copyOf(values);
        }
    }
}
