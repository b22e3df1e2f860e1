package io.smartmigration.benchmarks;

import com.mongodb.client.MongoClient;
import io.mongock.driver.mongodb.sync.v4.driver.MongoSync4Driver;
import io.mongock.runner.standalone.MongockStandalone;
import io.smartmigration.MigrationResult;
import io.smartmigration.SmartMigration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Row 2: the first boot of a chain of trivial steps: total time against the handlers' own time. */
final class ChainBoot {

    private static final int ROUNDS = 20;
    private static final int WARMUP_ROUNDS = 3;
    private static final int STEPS = 20;

    private static final String OURS_20 = "smartmigration, 20 steps";
    private static final String OURS_1 = "smartmigration, 1 step";
    private static final String MONGOCK_20 = "Mongock, 20 change units";
    private static final String MONGOCK_1 = "Mongock, 1 change unit";

    private record Boot(double totalMs, double handlerMs) {
        double overheadMs() {
            return totalMs - handlerMs;
        }
    }

    private ChainBoot() {
    }

    static Section run(Servers servers) throws Exception {
        MongoClient client = servers.mongo();
        Map<String, Candidate> candidates = new LinkedHashMap<>();
        candidates.put(OURS_20, db -> ours(client, db, STEPS));
        candidates.put(OURS_1, db -> ours(client, db, 1));
        candidates.put(MONGOCK_20, db -> mongock(client, db, MongockUnits.CHAIN));
        candidates.put(MONGOCK_1, db -> mongock(client, db, List.of(MongockUnits.Noop.class)));
        List<String> names = new ArrayList<>(candidates.keySet());
        Map<String, List<Boot>> boots = new LinkedHashMap<>();
        names.forEach(n -> boots.put(n, new ArrayList<>()));
        int database = 0;
        for (int round = -WARMUP_ROUNDS; round < ROUNDS; round++) {
            for (int i = 0; i < names.size(); i++) {
                String name = names.get(Math.floorMod(i + round, names.size()));
                String db = "chain_" + (database++);
                Work.reset();
                long t = System.nanoTime();
                candidates.get(name).boot(db);
                Boot boot = new Boot(Stats.millisSince(t), Work.handlerMillis());
                if (round >= 0) {
                    boots.get(name).add(boot);
                }
            }
        }
        return report(boots);
    }

    @FunctionalInterface
    private interface Candidate {
        void boot(String database) throws Exception;
    }

    private static void ours(MongoClient client, String db, int steps) {
        SmartMigration.Builder builder = SmartMigration.builder().targetVersion("1.0." + steps).mongo(client, db);
        for (int i = 0; i < steps; i++) {
            int step = i + 1;
            builder.step("step-" + step).from("1.0." + i).to("1.0." + step).up(ctx -> Work.touch(ctx.mongo(), step));
        }
        MigrationResult result = builder.build().run();
        NoOpBoot.require(result.stepsApplied().size() == steps, "the chain applies all " + steps + " steps");
    }

    private static void mongock(MongoClient client, String db, List<Class<?>> units) {
        MongockStandalone.builder()
                .setDriver(MongoSync4Driver.withDefaultLock(client, db))
                .addMigrationClasses(units)
                .setTransactional(false)
                .buildRunner()
                .execute();
        long logged = client.getDatabase(db).getCollection("mongockChangeLog").countDocuments();
        NoOpBoot.require(logged >= units.size(), "Mongock logged its " + units.size() + " change units");
    }

    private static Section report(Map<String, List<Boot>> boots) {
        Section section = new Section("2. First boot of a chain of " + STEPS + " trivial steps");
        section.text("Each boot gets a fresh database (ledger or change log created on the spot), builds the runner"
                + " and runs the whole chain. Every step (and every Mongock change unit) does the same trivial work,"
                + " one upsert, and times itself; \"overhead\" is the boot's total time minus the handlers' own"
                + " time. " + ROUNDS + " boots per candidate, interleaved, after " + WARMUP_ROUNDS + " warm-up rounds.");
        Table table = new Table("candidate", "total (median)", "p10 – p90", "n", "handlers' own time (median)",
                "overhead (median)", "overhead p10 – p90");
        Map<String, Stats> overhead = new LinkedHashMap<>();
        boots.forEach((name, list) -> {
            Stats total = Stats.of(list.stream().map(Boot::totalMs).toList());
            Stats handlers = Stats.of(list.stream().map(Boot::handlerMs).toList());
            Stats over = Stats.of(list.stream().map(Boot::overheadMs).toList());
            overhead.put(name, over);
            table.timing(name, total, Stats.ms(handlers.median()), Stats.ms(over.median()), over.spread());
        });
        section.table(table);
        double oursPerStep = (overhead.get(OURS_20).median() - overhead.get(OURS_1).median()) / (STEPS - 1);
        double mongockPerStep = (overhead.get(MONGOCK_20).median() - overhead.get(MONGOCK_1).median()) / (STEPS - 1);
        double oursFixed = overhead.get(OURS_1).median() - oursPerStep;
        double mongockFixed = overhead.get(MONGOCK_1).median() - mongockPerStep;
        double oursAverage = overhead.get(OURS_20).median() / STEPS;
        double handlerPerStep = Stats.of(boots.get(OURS_20).stream().map(Boot::handlerMs).toList()).median() / STEPS;
        section.text("Per step, from the difference between the 20-step and the 1-step chains: smartmigration adds **"
                + Stats.ms(oursPerStep) + "** per step over a fixed **" + Stats.ms(oursFixed) + "** per boot; Mongock "
                + Stats.ms(mongockPerStep) + " per change unit over a fixed " + Stats.ms(mongockFixed) + ". For scale:"
                + " a step's own work here, one upsert, takes " + Stats.ms(handlerPerStep) + " (median per step), so the"
                + " per-step overhead is about " + Stats.ratio(oursPerStep / handlerPerStep) + " the cost of one small write.");
        section.text("What smartmigration does per step: a lease check (in memory), the handler, then one atomic"
                + " `updateOne` on the ledger document that advances the version, appends the history entry and clears"
                + " the checkpoint (filtered on the lock token). Per boot: two reads of the ledger (before and under the"
                + " lock), one `findOneAndUpdate` upsert to take the lock, one `updateOne` to release it, and the lease"
                + " keeper's start and stop.");
        section.goal("2", "overhead per step (no goal set; Mongock per change unit for reference)", Stats.ms(oursPerStep)
                + " per step (" + Stats.ms(oursAverage) + " average including the fixed cost); Mongock "
                + Stats.ms(mongockPerStep), Section.Verdict.INFO);
        return section;
    }
}
