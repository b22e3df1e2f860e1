package io.smartmigration.benchmarks;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import io.smartmigration.MigrationResult;
import io.smartmigration.SmartMigration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.bson.Document;

/**
 * Row 7's MongoDB part: an update per document behind the latency proxy, two ways that send the same
 * updates: a raw loop over one cursor with {@value #PARALLELISM} updates in flight, and the parallel walk
 * ({@code forEachDocument} with parallelism {@value #PARALLELISM}) in a resumable step whose ledger is
 * reached through the proxy too. Each pass sets {@code pass} to its own number on every document.
 */
final class ParallelUpdate {

    static final int PARALLELISM = 16;
    static final String DATABASE = "parallel";
    private final MongoClient mongo;
    private final ExecutorService workers = Executors.newFixedThreadPool(PARALLELISM, r -> {
        Thread thread = new Thread(r, "raw-update");
        thread.setDaemon(true);
        return thread;
    });
    private final String collection;
    private int size;
    private int passes;

    /** @param mongo the client the passes use (through the proxy) */
    ParallelUpdate(MongoClient mongo, String collection) {
        this.mongo = mongo;
        this.collection = collection;
    }

    int size() {
        return size;
    }

    /** Replaces the collection with {@code count} documents, through {@code direct}. */
    void seed(MongoClient direct, int count) {
        MongoCollection<Document> docs = direct.getDatabase(DATABASE).getCollection(collection);
        docs.drop();
        List<Document> chunk = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            chunk.add(new Document("_id", i).append("n", i).append("pass", -1));
            if (chunk.size() == 1000 || i == count - 1) {
                docs.insertMany(chunk);
                chunk = new ArrayList<>();
            }
        }
        size = count;
    }

    private MongoCollection<Document> docs() {
        return mongo.getDatabase(DATABASE).getCollection(collection);
    }

    Bulk.Pass raw() throws Exception {
        int pass = passes;
        MongoCollection<Document> docs = docs();
        long t = System.nanoTime();
        List<Future<?>> updates = new ArrayList<>();
        for (Document doc : docs.find().batchSize(1000)) {
            Object id = doc.get("_id");
            updates.add(workers.submit(() -> docs.updateOne(Filters.eq("_id", id), Updates.set("pass", pass))));
        }
        for (Future<?> update : updates) {
            update.get();
        }
        return finish("raw, " + PARALLELISM + " in flight", updates.size(), Stats.millisSince(t), null);
    }

    /** @param heap measures this JVM's heap during the pass, or null */
    Bulk.Pass parallel(HeapMeter heap) throws InterruptedException {
        int pass = passes;
        AtomicLong updated = new AtomicLong();
        SmartMigration migration = SmartMigration.builder().targetVersion("1.1.0").mongo(mongo, DATABASE)
                .ledgerName("parallel-update-" + collection + "-" + pass)
                .step("update").from("1.0.0").to("1.1.0").resumable()
                .up(ctx -> ctx.forEachDocument(collection, PARALLELISM, doc -> {
                    ctx.mongo().getCollection(collection).updateOne(Filters.eq("_id", doc.get("_id")), Updates.set("pass", pass));
                    updated.incrementAndGet();
                }))
                .build();
        if (heap != null) {
            heap.start();
        }
        long t = System.nanoTime();
        MigrationResult result = migration.run();
        double millis = Stats.millisSince(t);
        HeapMeter.Use use = heap == null ? null : heap.stop();
        NoOpBoot.require(result.reachedTarget(), "the parallel update step reached its target");
        return finish("forEachDocument, parallelism " + PARALLELISM, updated.get(), millis, use);
    }

    private Bulk.Pass finish(String kind, long updated, double millis, HeapMeter.Use heap) {
        NoOpBoot.require(updated == size, "the " + kind + " pass updated all " + size + " documents, not " + updated);
        NoOpBoot.require(docs().countDocuments(Filters.eq("pass", passes)) == size,
                "the " + kind + " pass set pass=" + passes + " on every document");
        passes++;
        return new Bulk.Pass(kind, size, millis, millis, heap);
    }

    void close() {
        workers.shutdownNow();
    }
}
