package io.smartmigration.benchmarks;

import com.mongodb.client.MongoClient;
import com.mongodb.client.model.Filters;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Row 7: the parallel walks at real round-trip times. Clients reach the embedded servers through a
 * {@link LatencyProxy} (20 ms per S3 request, 1 ms per MongoDB request); every candidate is measured
 * in this one run, interleaved, so the ratios hold on a loaded machine.
 */
final class ParallelRows {

    static final Duration S3_DELAY = Duration.ofMillis(20);
    static final Duration MONGO_DELAY = Duration.ofMillis(1);
    static final int OBJECTS = 20_000;
    static final int SEQUENTIAL_OBJECTS = 300;
    static final int DOCUMENTS = 50_000;
    static final int[] HEAP_SIZES = {5_000, 40_000};

    private ParallelRows() {
    }

    static Section run(Servers servers) throws Exception {
        Section section = new Section("7. Parallel walks at real round-trip times");
        try (LatencyProxy s3Proxy = LatencyProxy.start(servers.s3Port(), S3_DELAY);
             LatencyProxy mongoProxy = LatencyProxy.start(servers.mongoPort(), MONGO_DELAY);
             MongoClient mongo = servers.newMongoClient(mongoProxy.port())) {
            S3Client direct = servers.newS3Client();
            S3Client s3 = servers.newS3Client(s3Proxy.port(), 2 * ParallelRekey.PARALLELISM);
            direct.createBucket(b -> b.bucket("parallel"));
            section.text("Clients reach the servers through a TCP proxy in the benchmark JVM (`LatencyProxy`) that holds"
                    + " every chunk a client sends for a fixed delay before forwarding it: " + S3_DELAY.toMillis()
                    + " ms per S3 request, " + MONGO_DELAY.toMillis() + " ms per MongoDB request, answers undelayed;"
                    + " each connection has threads of its own, so concurrent requests share one delay. The S3 client's"
                    + " connection pool holds " + 2 * ParallelRekey.PARALLELISM + " connections (Apache `maxConnections`;"
                    + " its default of 50 would cap 64 workers). The ledger is reached through the proxy too.");
            section.table(calibration(servers, direct, s3, mongo));
            s3(section, servers, direct, s3);
            mongo(section, servers, mongo);
        }
        return section;
    }

    private static Table calibration(Servers servers, S3Client direct, S3Client proxied, MongoClient mongo)
            throws Exception {
        direct.putObject(b -> b.bucket("parallel").key("probe"), RequestBody.fromString("probe"));
        List<Double> s3Direct = new ArrayList<>();
        List<Double> s3Proxied = new ArrayList<>();
        List<Double> mongoDirect = new ArrayList<>();
        List<Double> mongoProxied = new ArrayList<>();
        var directDocs = servers.mongo().getDatabase(ParallelUpdate.DATABASE).getCollection("probe");
        var proxiedDocs = mongo.getDatabase(ParallelUpdate.DATABASE).getCollection("probe");
        for (int i = 0; i < 60; i++) {
            s3Direct.add(timed(() -> direct.headObject(b -> b.bucket("parallel").key("probe"))));
            s3Proxied.add(timed(() -> proxied.headObject(b -> b.bucket("parallel").key("probe"))));
            mongoDirect.add(timed(() -> directDocs.find(Filters.eq("_id", 1)).first()));
            mongoProxied.add(timed(() -> proxiedDocs.find(Filters.eq("_id", 1)).first()));
        }
        // 64 HEADs at once through the proxy, on connections opened by a first volley
        ExecutorService pool = Executors.newFixedThreadPool(ParallelRekey.PARALLELISM);
        List<Double> volleys = new ArrayList<>();
        try {
            for (int round = 0; round < 6; round++) {
                long t = System.nanoTime();
                List<Future<?>> heads = new ArrayList<>();
                for (int i = 0; i < ParallelRekey.PARALLELISM; i++) {
                    heads.add(pool.submit(() -> proxied.headObject(b -> b.bucket("parallel").key("probe"))));
                }
                for (Future<?> head : heads) {
                    head.get();
                }
                if (round > 0) {
                    volleys.add(Stats.millisSince(t));
                }
            }
        } finally {
            pool.shutdownNow();
        }
        return new Table("request", "median", "p10 – p90", "n")
                .timing("S3 HeadObject, direct", Stats.of(s3Direct))
                .timing("S3 HeadObject, through the " + S3_DELAY.toMillis() + " ms proxy", Stats.of(s3Proxied))
                .timing(ParallelRekey.PARALLELISM + " S3 HeadObject at once, through the proxy (wall time)", Stats.of(volleys))
                .timing("MongoDB find by _id, direct", Stats.of(mongoDirect))
                .timing("MongoDB find by _id, through the " + MONGO_DELAY.toMillis() + " ms proxy", Stats.of(mongoProxied));
    }

    private static void s3(Section section, Servers servers, S3Client direct, S3Client s3) throws Exception {
        ParallelRekey warm = new ParallelRekey(s3, "parallel", "warm/");
        warm.seed(direct, 1000);
        warm.raw();
        warm.parallel();
        warm.close();
        ParallelRekey rekey = new ParallelRekey(s3, "parallel", "rekey/");
        System.out.printf("  parallel re-key: seeding %,d objects%n", OBJECTS);
        rekey.seed(direct, OBJECTS);
        ParallelRekey sequentialSubset = new ParallelRekey(s3, "parallel", "sequential/");
        sequentialSubset.seed(direct, SEQUENTIAL_OBJECTS);
        // the first pass over freshly put objects is slower on s3proxy whichever loop runs it: unmeasured
        rekey.raw();
        sequentialSubset.raw();
        List<Bulk.Pass> raw = new ArrayList<>();
        List<Bulk.Pass> parallel = new ArrayList<>();
        interleaved("parallel re-key", raw, rekey::raw, parallel, rekey::parallel);
        Bulk.Pass sequential = sequentialSubset.sequential();
        interleaved("parallel re-key", parallel, rekey::parallel, raw, rekey::raw);
        rekey.close();
        sequentialSubset.close();
        double rawMs = BulkRows.median(raw);
        double parallelMs = BulkRows.median(parallel);
        double ratio = rawMs / parallelMs;
        double perSecondParallel = OBJECTS / (parallelMs / 1000);
        double perSecondSequential = SEQUENTIAL_OBJECTS / (sequential.millis() / 1000);
        double speedUp = perSecondParallel / perSecondSequential;
        section.text("**S3 re-key** (CopyObject then DeleteObject per object, " + S3_DELAY.toMillis() + " ms per request):"
                + " " + Stats.number(OBJECTS) + " objects, passes interleaved after one unmeasured raw pass;"
                + " today's sequential iterator"
                + " (`forEachObjectBatch`, the handler copying one object after the other) on a subset of "
                + SEQUENTIAL_OBJECTS + " objects (at its rate the full set would take "
                + Stats.ms(OBJECTS / perSecondSequential * 1000) + "), compared by throughput.");
        Table table = new Table("candidate", "objects", "median", "p10 – p90", "passes", "objects/s");
        table.row(raw.get(0).kind(), Stats.number(OBJECTS), Stats.ms(rawMs), spread(raw), String.valueOf(raw.size()),
                Stats.number(OBJECTS / (rawMs / 1000)));
        table.row(parallel.get(0).kind(), Stats.number(OBJECTS), Stats.ms(parallelMs), spread(parallel),
                String.valueOf(parallel.size()), Stats.number(perSecondParallel));
        table.row(sequential.kind(), Stats.number(SEQUENTIAL_OBJECTS), Stats.ms(sequential.millis()), "–", "1",
                Stats.number(perSecondSequential));
        section.table(table);
        section.goal("7", "S3 re-key of " + Stats.number(OBJECTS) + " objects at " + S3_DELAY.toMillis()
                + " ms, parallelism 64, >= 0.9 of a raw loop with 64 in flight",
                "raw / parallel walk time " + String.format(Locale.ROOT, "%.2f", ratio), ratio >= 0.9);
        section.goal("7", "the same re-key >= 20x today's sequential iterator (throughput; sequential on "
                + SEQUENTIAL_OBJECTS + " objects)", Stats.ratio(speedUp) + " (" + Stats.number(perSecondParallel)
                + " vs " + Stats.number(perSecondSequential) + " objects/s)", speedUp >= 20);
    }

    private static void mongo(Section section, Servers servers, MongoClient mongo) throws Exception {
        ParallelUpdate warm = new ParallelUpdate(mongo, "warm");
        warm.seed(servers.mongo(), 2000);
        warm.raw();
        warm.parallel(null);
        warm.close();
        ParallelUpdate update = new ParallelUpdate(mongo, "docs");
        update.seed(servers.mongo(), DOCUMENTS);
        update.raw();   // the first write pass over fresh documents is slower on mongo-java-server: unmeasured
        List<Bulk.Pass> raw = new ArrayList<>();
        List<Bulk.Pass> parallel = new ArrayList<>();
        for (int round = 0; round < 2; round++) {
            interleaved("parallel update", raw, update::raw, parallel, () -> update.parallel(null));
            interleaved("parallel update", parallel, () -> update.parallel(null), raw, update::raw);
        }
        update.close();
        double rawMs = BulkRows.median(raw);
        double parallelMs = BulkRows.median(parallel);
        double ratio = rawMs / parallelMs;
        section.text("**Per-document update** (`updateOne` by `_id`, " + MONGO_DELAY.toMillis() + " ms per request): "
                + Stats.number(DOCUMENTS) + " documents, passes interleaved after one unmeasured pass.");
        Table table = new Table("candidate", "documents", "median", "p10 – p90", "passes", "documents/s");
        table.row(raw.get(0).kind(), Stats.number(DOCUMENTS), Stats.ms(rawMs), spread(raw), String.valueOf(raw.size()),
                Stats.number(DOCUMENTS / (rawMs / 1000)));
        table.row(parallel.get(0).kind(), Stats.number(DOCUMENTS), Stats.ms(parallelMs), spread(parallel),
                String.valueOf(parallel.size()), Stats.number(DOCUMENTS / (parallelMs / 1000)));
        section.table(table);
        section.goal("7", "per-document update at " + MONGO_DELAY.toMillis() + " ms, parallelism 16, >= 0.9 of a raw"
                + " parallel loop with 16 in flight", "raw / parallel walk time " + String.format(Locale.ROOT, "%.2f", ratio),
                ratio >= 0.9);
        heap(section, servers, mongo);
    }

    /** The parallel walk's live heap at two sizes: the window bounds what it holds, not the collection. */
    private static void heap(Section section, Servers servers, MongoClient mongo) throws Exception {
        Table table = new Table("documents", "walk time", "live heap before", "peak live heap (forced GC every 200 ms)",
                "peak above before");
        List<Long> above = new ArrayList<>();
        for (int size : HEAP_SIZES) {
            ParallelUpdate update = new ParallelUpdate(mongo, "heap" + size);
            update.seed(servers.mongo(), size);
            update.raw();
            Bulk.Pass pass = update.parallel(new HeapMeter(200));
            update.close();
            servers.mongo().getDatabase(ParallelUpdate.DATABASE).getCollection("heap" + size).drop();
            HeapMeter.Use use = pass.heap();
            long grew = use.peakLiveForced() - use.baseline();
            above.add(grew);
            table.row(Stats.number(size), Stats.ms(pass.millis()), Stats.mib(use.baseline()), Stats.mib(use.peakLiveForced()),
                    Stats.mib(grew));
        }
        section.text("**Live heap** of the benchmark JVM during the parallel walk (`forEachDocument`, parallelism 16) at"
                + " two sizes: what the walk holds is its window (" + io.smartmigration.MigrationContext.parallelWindow(16)
                + " documents past the checkpoint at most) and the cursor batches it reads ahead (three at most), not"
                + " the collection.");
        section.table(table);
        long growth = above.get(above.size() - 1) - above.get(0);
        boolean flat = growth < 8L * 1024 * 1024;
        section.goal("7", "live heap of the parallel walk flat with the number of items (" + Stats.number(HEAP_SIZES[0])
                + " vs " + Stats.number(HEAP_SIZES[HEAP_SIZES.length - 1]) + " documents: peak above start grows < 8 MiB)",
                "grew " + Stats.mib(growth) + " (" + Stats.mib(above.get(0)) + " vs " + Stats.mib(above.get(above.size() - 1))
                        + ")", flat);
    }

    @FunctionalInterface
    private interface PassRun {
        Bulk.Pass run() throws Exception;
    }

    /** Runs {@code first}, then {@code second}, adding each pass to its list. */
    private static void interleaved(String what, List<Bulk.Pass> firsts, PassRun first, List<Bulk.Pass> seconds,
                                    PassRun second) throws Exception {
        Bulk.Pass a = first.run();
        Bulk.Pass b = second.run();
        firsts.add(a);
        seconds.add(b);
        System.out.printf("  %s: %s %.1f s, %s %.1f s%n", what, a.kind(), a.millis() / 1000, b.kind(), b.millis() / 1000);
    }

    private static String spread(List<Bulk.Pass> passes) {
        return Stats.of(passes.stream().map(Bulk.Pass::millis).toList()).spread();
    }

    @FunctionalInterface
    private interface Call {
        void run() throws Exception;
    }

    private static double timed(Call call) throws Exception {
        long t = System.nanoTime();
        call.run();
        return Stats.millisSince(t);
    }
}
