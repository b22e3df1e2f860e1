package io.smartmigration.benchmarks;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import io.mongock.driver.mongodb.sync.v4.driver.MongoSync4Driver;
import io.mongock.runner.core.executor.MongockRunner;
import io.mongock.runner.standalone.MongockStandalone;
import io.smartmigration.Outcome;
import io.smartmigration.SmartMigration;
import java.util.ArrayList;
import java.util.List;
import org.bson.Document;
import software.amazon.awssdk.services.s3.S3Client;

/** Row 1: {@code run()} when the data is at the target, against Mongock's no-op start and the floor of one read. */
final class NoOpBoot {

    private static final String DB = "noop";
    private static final String MONGOCK_DB = "noop_mongock";
    private static final String BUCKET = "noop-bucket";
    private static final int ROUNDS = 10;
    private static final int PER_ROUND = 25;
    private static final int WARMUP_ROUNDS = 8;

    private static final String RUN = "smartmigration `run()` (runner built once)";
    private static final String BUILD_RUN = "smartmigration `build()` + `run()`";
    private static final String MONGOCK = "Mongock `buildRunner().execute()`";
    private static final String MONGOCK_EXECUTE = "Mongock `execute()` (runner built once)";
    private static final String FLOOR = "floor: one `find` by `_id` (the ledger document)";
    private static final String LONG_RUN = "smartmigration `run()`, ledger with 100 history entries";
    private static final String LONG_FLOOR = "floor: one `find` by `_id` of that ledger document";
    private static final String S3_RUN = "smartmigration `run()`, S3 ledger";
    private static final String S3_FLOOR = "floor: one GET of the ledger's newest state object";
    private static final String S3_LIST_GET = "raw LIST (ledger prefix) + GET of that object";

    private NoOpBoot() {
    }

    static Section run(Servers servers) throws Exception {
        MongoClient client = servers.mongo();
        S3Client s3 = servers.newS3Client();
        s3.createBucket(b -> b.bucket(BUCKET));

        SmartMigration.Builder chain = SmartMigration.builder().targetVersion("1.1.0").mongo(client, DB)
                .step("touch").from("1.0.0").to("1.1.0").up(ctx -> Work.touch(ctx.mongo(), 1));
        SmartMigration migration = chain.build();
        require(migration.run().outcome() == Outcome.MIGRATED, "the first run migrates");
        MongoCollection<Document> ledger = client.getDatabase(DB).getCollection("smartmigration_ledger");

        SmartMigration.Builder longChain = SmartMigration.builder().targetVersion("1.0.100").mongo(client, DB)
                .ledgerName("long-history");
        for (int i = 0; i < 100; i++) {
            int step = i;
            longChain.step("step-" + i).from("1.0." + i).to("1.0." + (i + 1)).up(ctx -> Work.touch(ctx.mongo(), step));
        }
        SmartMigration longMigration = longChain.build();
        require(longMigration.run().stepsApplied().size() == 100, "the long chain applies 100 steps");

        SmartMigration s3Migration = SmartMigration.builder().targetVersion("1.1.0").s3(s3, BUCKET)
                .step("put").from("1.0.0").to("1.1.0")
                .up(ctx -> ctx.s3().putObject(b -> b.bucket(ctx.bucket()).key("data/1.txt"),
                        software.amazon.awssdk.core.sync.RequestBody.fromString("one")))
                .build();
        require(s3Migration.run().outcome() == Outcome.MIGRATED, "the first S3 run migrates");
        String statesPrefix = ".smartmigration/smartmigration/states/";
        String newestState = s3.listObjectsV2(b -> b.bucket(BUCKET).prefix(statesPrefix).maxKeys(1)).contents()
                .get(0).key();

        Runnable mongock = () -> MongockStandalone.builder()
                .setDriver(MongoSync4Driver.withDefaultLock(client, MONGOCK_DB))
                .addMigrationClass(MongockUnits.Noop.class)
                .setTransactional(false)
                .buildRunner()
                .execute();
        mongock.run();
        MongockRunner mongockRunner = MongockStandalone.builder()
                .setDriver(MongoSync4Driver.withDefaultLock(client, MONGOCK_DB))
                .addMigrationClass(MongockUnits.Noop.class)
                .setTransactional(false)
                .buildRunner();
        long mongockEntries = changeLogSize(client);

        List<Rounds.Candidate> candidates = new ArrayList<>();
        candidates.add(new Rounds.Candidate(RUN, () -> requireNoOp(migration), PER_ROUND));
        candidates.add(new Rounds.Candidate(BUILD_RUN, () -> requireNoOp(chain.build()), PER_ROUND));
        candidates.add(new Rounds.Candidate(MONGOCK, mongock::run, PER_ROUND));
        candidates.add(new Rounds.Candidate(MONGOCK_EXECUTE, mongockRunner::execute, PER_ROUND));
        candidates.add(new Rounds.Candidate(FLOOR, () -> ledger.find(Filters.eq("_id", "smartmigration")).first(),
                PER_ROUND));
        candidates.add(new Rounds.Candidate(LONG_RUN, () -> requireNoOp(longMigration), PER_ROUND));
        candidates.add(new Rounds.Candidate(LONG_FLOOR, () -> ledger.find(Filters.eq("_id", "long-history")).first(),
                PER_ROUND));
        candidates.add(new Rounds.Candidate(S3_RUN, () -> requireNoOp(s3Migration), PER_ROUND));
        candidates.add(new Rounds.Candidate(S3_FLOOR, () -> s3.getObjectAsBytes(b -> b.bucket(BUCKET).key(newestState)),
                PER_ROUND));
        candidates.add(new Rounds.Candidate(S3_LIST_GET, () -> {
            String key = s3.listObjectsV2(b -> b.bucket(BUCKET).prefix(statesPrefix).maxKeys(10)).contents().get(0).key();
            s3.getObjectAsBytes(b -> b.bucket(BUCKET).key(key));
        }, PER_ROUND));
        Rounds.Result result = Rounds.run(candidates, WARMUP_ROUNDS, ROUNDS);

        require(changeLogSize(client) == mongockEntries, "Mongock's no-op starts wrote nothing to its change log");
        require(migration.history().size() == 1, "smartmigration's no-op runs wrote nothing to the ledger");
        return report(result);
    }

    private static Section report(Rounds.Result r) {
        Section section = new Section("1. No-op boot: the data is already at the target");
        section.text("Each call below is timed on its own; " + ROUNDS + " rounds of " + PER_ROUND
                + " calls per candidate, candidates interleaved and their order rotated every round, after "
                + WARMUP_ROUNDS + " warm-up rounds. All against the same embedded servers, the same client.");
        Table table = new Table("candidate", "median", "p10 – p90", "n", "vs the floor (ratio of medians)",
                "vs the floor, per round (median, p10 – p90)");
        for (String[] pair : new String[][]{{RUN, FLOOR}, {BUILD_RUN, FLOOR}, {MONGOCK_EXECUTE, FLOOR}, {MONGOCK, FLOOR},
                {FLOOR, FLOOR},
                {LONG_RUN, LONG_FLOOR}, {LONG_FLOOR, LONG_FLOOR}, {S3_RUN, S3_FLOOR}, {S3_LIST_GET, S3_FLOOR},
                {S3_FLOOR, S3_FLOOR}}) {
            Stats rounds = r.roundRatios(pair[0], pair[1]);
            table.timing(pair[0], r.stats(pair[0]), Stats.ratio(r.ratio(pair[0], pair[1])),
                    Stats.ratio(rounds.median()) + " (" + Stats.ratio(rounds.p10()) + " – " + Stats.ratio(rounds.p90()) + ")");
        }
        section.table(table);

        double vsFloor = r.ratio(RUN, FLOOR);
        double mongockVsRun = r.ratio(MONGOCK_EXECUTE, RUN);
        double mongockVsBuildRun = r.ratio(MONGOCK, BUILD_RUN);
        section.text("Mongock against smartmigration, like for like: `execute()` of a Mongock runner built once takes **"
                + Stats.ratio(mongockVsRun) + "** the time of `run()` of a runner built once; building and executing"
                + " a Mongock runner (what an application's start does) takes **" + Stats.ratio(mongockVsBuildRun)
                + "** the time of `build()` + `run()`. Mongock's no-op start reads its lock and change-log collections"
                + " with several commands (four `listIndexes` and two reads of the change log, seen with the server's command log);"
                + " smartmigration's is the one read above.");
        section.text("What a no-op `run()` does: one `find` by `_id` of the ledger document, parsing it, checking its"
                + " history against the registered chain (an applied step that changed or vanished is reported),"
                + " planning, and building the result; no lock, no write. A longer history makes the document to read"
                + " bigger (the floor pays that too) and adds parsing and checking per entry. A CPU profile of a loop"
                + " of no-op runs (JFR, taken while building this suite, not by this run) put most of the calling"
                + " thread's CPU in the driver's read itself; SemVer parsing, which took about a tenth of it (and most"
                + " of `build()`), is now done once per version string, and the history check no longer formats a"
                + " message per entry. At a tenth of a millisecond the rest of the gap to the floor is a few tens of"
                + " microseconds, and it moves with the machine's load. The S3 ledger's no-op is one LIST of"
                + " its state prefix (to find the newest state: states are immutable, append-only objects) and one"
                + " GET of that state, so its floor is LIST + GET, not GET alone; it writes nothing and probes nothing.");
        section.goal("1", "no-op `run()` within 2x of one `find` by `_id`", Stats.ratio(vsFloor) + " ("
                + Stats.ms(r.stats(RUN).median()) + " vs " + Stats.ms(r.stats(FLOOR).median()) + ")", vsFloor <= 2);
        section.goal("1", "at least 10x faster than Mongock's no-op start", Stats.ratio(mongockVsRun) + " (`run()` vs"
                + " `execute()`), " + Stats.ratio(mongockVsBuildRun) + " (`build()` + `run()` vs `buildRunner().execute()`)",
                Math.min(mongockVsRun, mongockVsBuildRun) >= 10);
        section.goal("1", "S3 ledger no-op `run()` (no goal set; against one GET)", Stats.ratio(r.ratio(S3_RUN, S3_FLOOR))
                + " of one GET, " + Stats.ratio(r.ratio(S3_RUN, S3_LIST_GET)) + " of LIST + GET", Section.Verdict.INFO);
        return section;
    }

    private static long changeLogSize(MongoClient client) {
        return client.getDatabase(MONGOCK_DB).getCollection("mongockChangeLog").countDocuments();
    }

    private static void requireNoOp(SmartMigration migration) {
        Outcome outcome = migration.run().outcome();
        if (outcome != Outcome.NO_OP) {
            throw new IllegalStateException("expected a no-op, got " + outcome);
        }
    }

    static void require(boolean condition, String what) {
        if (!condition) {
            throw new IllegalStateException("benchmark precondition failed: " + what);
        }
    }
}
