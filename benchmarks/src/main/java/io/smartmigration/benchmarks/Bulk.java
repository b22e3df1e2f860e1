package io.smartmigration.benchmarks;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoCursor;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.WriteModel;
import io.smartmigration.MigrationResult;
import io.smartmigration.SmartMigration;
import java.util.ArrayList;
import java.util.List;
import org.bson.Document;

/**
 * One collection that grows between passes, and the two ways to rewrite every document of it:
 * the raw driver loop and a resumable smartmigration step. Both write the same thing: per batch
 * of {@value #BATCH} documents, one unordered {@code bulkWrite} of one {@code updateOne} by
 * {@code _id} per document, setting {@code v} to the pass number.
 */
final class Bulk {

    static final int BATCH = 1000;
    private static final String DB = "bulk";
    private static final String COLLECTION = "users";
    /**
     * The interval of the forced full collections during a pass (for the live-heap figure): about
     * eight per pass at every size, the same for both loops.
     */
    private long forcedGcMillis() {
        return Math.max(100, Math.min(4000, size / 250));
    }

    /**
     * How a pass went: its total time, the part of it spent inside the write calls (the same writes
     * for both loops), and the heap; {@code outsideMillis} is what the loop itself costs.
     */
    record Pass(String kind, int documents, double millis, double writeMillis, HeapMeter.Use heap) {
        double outsideMillis() {
            return millis - writeMillis;
        }
    }

    /** The unordered bulk writes of one pass, timed and counted. */
    private final class TimedWrites {
        private long nanos;
        private long modified;

        void write(List<WriteModel<Document>> writes) {
            write(users, writes);
        }

        /** Through {@code target}: the raw loop's collection, or the step's lock-guarded {@code ctx.mongo()} one. */
        void write(MongoCollection<Document> target, List<WriteModel<Document>> writes) {
            long t = System.nanoTime();
            modified += target.bulkWrite(writes, new BulkWriteOptions().ordered(false)).getModifiedCount();
            nanos += System.nanoTime() - t;
        }

        double millis() {
            return nanos / 1e6;
        }
    }

    private final MongoClient client;
    private final MongoCollection<Document> users;
    private int size;
    private int passes;
    private double lastGrowthMs;

    Bulk(MongoClient client) {
        this.client = client;
        this.users = client.getDatabase(DB).getCollection(COLLECTION);
        users.drop();
    }

    int size() {
        return size;
    }

    /** How long the last {@link #growTo} took. */
    double lastGrowthMs() {
        return lastGrowthMs;
    }

    /** Inserts documents until the collection holds {@code target}; returns the time it took. */
    double growTo(int target) {
        long t = System.nanoTime();
        List<Document> chunk = new ArrayList<>(BATCH);
        for (int i = size; i < target; i++) {
            chunk.add(new Document("_id", i).append("v", 0).append("name", "user-" + i)
                    .append("email", "user" + i + "@example.com").append("plan", i % 3 == 0 ? "pro" : "free")
                    .append("score", i % 1000));
            if (chunk.size() == BATCH || i == target - 1) {
                users.insertMany(chunk, new com.mongodb.client.model.InsertManyOptions().ordered(false));
                chunk.clear();
            }
        }
        size = target;
        lastGrowthMs = Stats.millisSince(t);
        return lastGrowthMs;
    }

    /** The raw loop: one cursor in {@code _id} order (the order the iterator walks in), no checkpoints. */
    Pass raw() throws InterruptedException {
        int value = ++passes;
        TimedWrites timed = new TimedWrites();
        HeapMeter meter = new HeapMeter(forcedGcMillis()).start();
        long t = System.nanoTime();
        List<WriteModel<Document>> writes = new ArrayList<>(BATCH);
        try (MongoCursor<Document> cursor = users.find().sort(Sorts.ascending("_id")).batchSize(BATCH).iterator()) {
            while (cursor.hasNext()) {
                writes.add(update(cursor.next(), value));
                if (writes.size() == BATCH) {
                    timed.write(writes);
                    writes.clear();
                }
            }
        }
        if (!writes.isEmpty()) {
            timed.write(writes);
        }
        double millis = Stats.millisSince(t);
        HeapMeter.Use heap = meter.stop();
        NoOpBoot.require(timed.modified == size, "the raw pass rewrote all " + size + " documents, not " + timed.modified);
        return new Pass("raw", size, millis, timed.millis(), heap);
    }

    /** A first boot of a one-step chain whose resumable step walks the collection with the batch iterator. */
    Pass ours() throws InterruptedException {
        int value = ++passes;
        TimedWrites timed = new TimedWrites();
        SmartMigration migration = SmartMigration.builder().targetVersion("1.1.0").mongo(client, DB)
                .ledgerName("bulk-" + value)
                .step("rewrite").from("1.0.0").to("1.1.0").resumable()
                .up(ctx -> {
                    // the writes go through ctx.mongo(), as a handler's do: the lock guard's cost is in the figure
                    MongoCollection<Document> guarded = ctx.mongo().getCollection(COLLECTION);
                    ctx.forEachDocumentBatch(COLLECTION, BATCH, batch -> {
                        List<WriteModel<Document>> writes = new ArrayList<>(batch.size());
                        for (Document document : batch) {
                            writes.add(update(document, value));
                        }
                        timed.write(guarded, writes);
                    });
                })
                .build();
        HeapMeter meter = new HeapMeter(forcedGcMillis()).start();
        long t = System.nanoTime();
        MigrationResult result = migration.run();
        double millis = Stats.millisSince(t);
        HeapMeter.Use heap = meter.stop();
        NoOpBoot.require(result.reachedTarget(), "the bulk step reached its target");
        NoOpBoot.require(timed.modified == size, "the step rewrote all " + size + " documents, not " + timed.modified);
        return new Pass("smartmigration", size, millis, timed.millis(), heap);
    }

    /**
     * The raw loop with one {@code _id > last} query of {@value #BATCH} per batch instead of one
     * cursor: how the iterator walked before; on a server without {@code _id} range scans each query
     * scans and sorts what is left of the collection.
     */
    Pass rawRangeQueries() {
        int value = ++passes;
        TimedWrites timed = new TimedWrites();
        long t = System.nanoTime();
        Object last = null;
        while (true) {
            List<Document> batch = users.find(last == null ? Filters.empty() : Filters.gt("_id", last))
                    .sort(Sorts.ascending("_id")).limit(BATCH).into(new ArrayList<>(BATCH));
            if (batch.isEmpty()) {
                break;
            }
            List<WriteModel<Document>> writes = new ArrayList<>(BATCH);
            batch.forEach(d -> writes.add(update(d, value)));
            timed.write(writes);
            last = batch.get(batch.size() - 1).get("_id");
        }
        double millis = Stats.millisSince(t);
        NoOpBoot.require(timed.modified == size, "the range-query pass rewrote all " + size + " documents, not "
                + timed.modified);
        return new Pass("raw, one query per batch", size, millis, timed.millis(), null);
    }

    /**
     * The median time of a write shaped like the iterator's checkpoint: an {@code updateOne} of a
     * ledger-sized document in the ledger collection, filtered on {@code _id} and a lock token,
     * setting the checkpoint. Times {@code count} of them.
     */
    Stats checkpointWrite(int count) {
        MongoCollection<Document> ledger = client.getDatabase(DB).getCollection("smartmigration_ledger");
        Document probe = new Document("_id", "checkpoint-probe").append("schemaVersion", 1)
                .append("currentVersion", "1.0.0").append("lock", new Document("owner", "probe").append("token", "t"))
                .append("history", List.of());
        ledger.replaceOne(Filters.eq("_id", "checkpoint-probe"), probe, new com.mongodb.client.model.ReplaceOptions()
                .upsert(true));
        List<Double> times = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            long t = System.nanoTime();
            ledger.updateOne(Filters.and(Filters.eq("_id", "checkpoint-probe"), Filters.eq("lock.token", "t")),
                    Updates.set("checkpoint", new Document("stepId", "rewrite").append("data",
                            new Document("documents:users:lastId", "{\"v\": " + i + "}"))));
            times.add(Stats.millisSince(t));
        }
        return Stats.of(times);
    }

    private static WriteModel<Document> update(Document document, int value) {
        return new UpdateOneModel<>(Filters.eq("_id", document.get("_id")), Updates.set("v", value));
    }

    void drop() {
        users.drop();
        client.getDatabase(DB).getCollection("smartmigration_ledger").drop();
        size = 0;
    }
}
