package io.smartmigration.benchmarks;

import com.mongodb.client.MongoClient;
import io.smartmigration.MigrationResult;
import io.smartmigration.Outcome;
import io.smartmigration.SmartMigration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import software.amazon.awssdk.services.s3.S3Client;

/** Row 5: 8 instances boot at once; one 2-second step; how long until every one of them is ready. */
final class Contention {

    private static final int INSTANCES = 8;
    private static final long STEP_MILLIS = 2000;
    private static final int TRIALS = 4;

    private record Trial(double allReadyMs, double winnerMs, Map<Outcome, Integer> outcomes) {
    }

    private Contention() {
    }

    static Section run(Servers servers) throws Exception {
        List<MongoClient> mongoClients = new ArrayList<>();
        List<S3Client> s3Clients = new ArrayList<>();
        for (int i = 0; i < INSTANCES; i++) {
            mongoClients.add(servers.newMongoClient());
            s3Clients.add(servers.newS3Client());
        }
        ExecutorService pool = Executors.newFixedThreadPool(INSTANCES);
        try {
            List<Trial> mongo = new ArrayList<>();
            List<Trial> s3 = new ArrayList<>();
            for (int t = 0; t < TRIALS; t++) {
                String db = "contention_" + t;
                mongo.add(trial(pool, i -> chain(i).mongo(mongoClients.get(i), db).build()));
                String bucket = "contention-" + t;
                s3Clients.get(0).createBucket(b -> b.bucket(bucket));
                s3.add(trial(pool, i -> chain(i).s3(s3Clients.get(i), bucket).build()));
            }
            return report(mongo, s3);
        } finally {
            pool.shutdownNow();
            mongoClients.forEach(MongoClient::close);
        }
    }

    /** Each instance has its own client and instance id, as separate processes would. */
    private static SmartMigration.Builder chain(int instance) {
        return SmartMigration.builder().targetVersion("1.1.0").instanceId("instance-" + instance)
                .step("two-seconds").from("1.0.0").to("1.1.0").up(ctx -> Thread.sleep(STEP_MILLIS));
    }

    private static Trial trial(ExecutorService pool, IntFunction<SmartMigration> instance) throws Exception {
        List<SmartMigration> runners = new ArrayList<>();
        for (int i = 0; i < INSTANCES; i++) {
            runners.add(instance.apply(i));
        }
        CountDownLatch ready = new CountDownLatch(INSTANCES);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<long[]>> done = new ArrayList<>();
        List<Outcome> outcomes = java.util.Collections.synchronizedList(new ArrayList<>());
        for (SmartMigration runner : runners) {
            done.add(pool.submit(() -> {
                ready.countDown();
                go.await();
                MigrationResult result = runner.run();
                outcomes.add(result.outcome());
                return new long[]{System.nanoTime(), result.outcome() == Outcome.MIGRATED ? 1 : 0};
            }));
        }
        ready.await();
        long start = System.nanoTime();
        go.countDown();
        long last = start;
        long winner = start;
        for (Future<long[]> future : done) {
            long[] r = future.get(120, TimeUnit.SECONDS);
            last = Math.max(last, r[0]);
            if (r[1] == 1) {
                winner = r[0];
            }
        }
        Map<Outcome, Integer> counts = new TreeMap<>();
        outcomes.forEach(o -> counts.merge(o, 1, Integer::sum));
        NoOpBoot.require(counts.getOrDefault(Outcome.MIGRATED, 0) == 1, "exactly one instance ran the step: " + counts);
        return new Trial((last - start) / 1e6, (winner - start) / 1e6, counts);
    }

    private static Section report(List<Trial> mongo, List<Trial> s3) {
        Section section = new Section("5. Contention: " + INSTANCES + " instances boot at once, one 2-second step");
        section.text(INSTANCES + " runners, each with its own client and instance id, on " + INSTANCES + " threads,"
                + " released together; the only step sleeps " + STEP_MILLIS + " ms. \"All ready\" is when the last"
                + " `run()` returned. The waiters wait on the lock (default `LockPolicy.WAIT`), re-reading the ledger"
                + " with a backoff capped at 250 ms, and return NO_OP once the winner has advanced it. "
                + TRIALS + " trials per ledger. A waiter sleeps 25 ms doubling to 250 ms, plus up to half as"
                + " much jitter, between reads, so the last waiter notices the winner's release up to about 375 ms"
                + " late: that bounds \"all ready\" at roughly 2 s + the winner's own overhead + 375 ms.");
        Table table = new Table("ledger", "all ready (median)", "min – max", "trials", "winner done (median)",
                "all ready / 2 s", "last waiter after the winner (median)", "outcomes per trial");
        Map<String, Double> ratios = new TreeMap<>();
        Map<String, List<Trial>> ledgers = new java.util.LinkedHashMap<>();
        ledgers.put("Mongo", mongo);
        ledgers.put("S3", s3);
        for (var entry : ledgers.entrySet()) {
            List<Trial> trials = entry.getValue();
            Stats all = Stats.of(trials.stream().map(Trial::allReadyMs).toList());
            Stats winner = Stats.of(trials.stream().map(Trial::winnerMs).toList());
            Stats lag = Stats.of(trials.stream().map(t -> t.allReadyMs() - t.winnerMs()).toList());
            double ratio = all.median() / STEP_MILLIS;
            ratios.put(entry.getKey(), ratio);
            table.row(entry.getKey(), Stats.ms(all.median()), Stats.ms(all.min()) + " – " + Stats.ms(all.max()),
                    String.valueOf(all.n()), Stats.ms(winner.median()), Stats.ratio(ratio), Stats.ms(lag.median()),
                    trials.get(0).outcomes().toString());
        }
        section.table(table);
        section.goal("5", "8 instances, one 2 s step: all ready close to 2 s (no number set)", "Mongo "
                + Stats.ratio(ratios.get("Mongo")) + ", S3 " + Stats.ratio(ratios.get("S3")) + " of 2 s",
                Section.Verdict.INFO);
        return section;
    }
}
