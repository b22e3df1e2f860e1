package io.smartmigration.test.internal;

import java.util.Objects;
import com.mongodb.client.MongoDatabase;
import io.smartmigration.ErrorCode;
import io.smartmigration.LedgerBackend;
import io.smartmigration.MigrationResult;
import io.smartmigration.MigrationStep;
import io.smartmigration.PlannedStep;
import io.smartmigration.SmartMigration;
import io.smartmigration.SmartMigrationException;
import io.smartmigration.DataVersions;
import io.smartmigration.LedgerContents;
import io.smartmigration.LockHolder;
import io.smartmigration.MigrationLedger;
import io.smartmigration.SavedCheckpoint;
import io.smartmigration.spi.SimulatedProcessDeath;
import io.smartmigration.test.Crash;
import io.smartmigration.test.DataSnapshot;
import io.smartmigration.test.Fixture;
import io.smartmigration.test.LedgerSnapshot;
import io.smartmigration.test.MigrationHarness;
import io.smartmigration.test.TestBucket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bson.Document;
import org.opentest4j.AssertionFailedError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.sync.RequestBody;

/** The harness of one test; see {@link MigrationHarness}. */
public final class DefaultMigrationHarness implements MigrationHarness {

    static final Duration LOCK_WAIT = Duration.ofSeconds(10);
    static final Duration LOCK_TTL = Duration.ofSeconds(30);
    private static final String OWNER = "smartmigration-test";
    /** The history id of the entries {@link #stampLedger} writes. */
    private static final String STAMP_MARKER = "<smartmigration-test>";
    private static final Logger LOG = LoggerFactory.getLogger("io.smartmigration.test");

    private final TestResources resources;
    private final OffsetClock clock = new OffsetClock();
    private String ledgerName = "smartmigration";
    private LedgerBackend ledgerBackend;
    private boolean stamped;

    DefaultMigrationHarness(TestResources resources) {
        this.resources = resources;
        this.ledgerBackend = resources.config().mongo() ? LedgerBackend.MONGO : LedgerBackend.S3;
    }

    @Override
    public SmartMigration.Builder bind(SmartMigration.Builder chain) {
        SmartMigration.Builder bound = chain.copy();
        if (resources.config().mongo()) {
            bound.mongo(resources.mongoClient(), resources.database().getName());
        }
        if (resources.config().s3()) {
            bound.s3(resources.s3Client(), resources.bucket().name());
        }
        return bound.lockWait(LOCK_WAIT).lockTtl(LOCK_TTL).clock(clock);
    }

    @Override
    public MigrationResult run(SmartMigration.Builder chain) {
        return build(bind(chain)).run();
    }

    /** Builds a bound builder, checking it uses the ledger this harness stamped. */
    SmartMigration build(SmartMigration.Builder bound) {
        SmartMigration migration = bound.build();
        MigrationLedger chainLedger = migration.ledger();
        if (stamped && (!chainLedger.name().equals(ledgerName) || chainLedger.backend() != ledgerBackend)) {
            throw new SmartMigrationException(ErrorCode.INVALID_CONFIG, "this chain keeps its ledger '"
                    + chainLedger.name() + "' in " + chainLedger.backend() + ", but the harness seeded ledger '"
                    + ledgerName + "' in " + ledgerBackend + ": call h.useLedger(\"" + chainLedger.name()
                    + "\", LedgerBackend." + chainLedger.backend() + ") before seed() or stampLedger()");
        }
        return migration;
    }

    @Override
    public void seed(Fixture fixture) {
        if (!fixture.collections().isEmpty() && !resources.config().mongo()) {
            throw new SmartMigrationException(ErrorCode.INVALID_CONFIG, fixture.name() + " has collections "
                    + fixture.collections().keySet() + " but this test uses no MongoDB (" + resources.config().source()
                    + " sets mongo = false): set mongo = true or use a fixture without mongo/");
        }
        if (!fixture.objects().isEmpty() && !resources.config().s3()) {
            throw new SmartMigrationException(ErrorCode.INVALID_CONFIG, fixture.name() + " has " + fixture.objects().size()
                    + " S3 object(s) but this test uses no S3 (" + resources.config().source()
                    + " sets s3 = false): set s3 = true or use a fixture without s3/");
        }
        for (Map.Entry<String, List<Document>> collection : fixture.collections().entrySet()) {
            MongoDatabase db = resources.database();
            if (collection.getValue().isEmpty()) {
                db.createCollection(collection.getKey());
            } else {
                db.getCollection(collection.getKey()).insertMany(collection.getValue());
            }
        }
        for (Fixture.FixtureObject object : fixture.objects()) {
            TestBucket bucket = resources.bucket();
            bucket.client().putObject(b -> b.bucket(bucket.name()).key(object.key()).contentType(object.contentType())
                    .metadata(object.metadata()), RequestBody.fromBytes(object.content()));
        }
        stampLedger(fixture.version());
        LOG.debug("seeded {}", fixture);
    }

    @Override
    public void stampLedger(String version) {
        DataVersions.requireValid(version, "stampLedger(\"" + version + "\")");
        ledgerHandle(ledgerName, ledgerBackend).stamp(version, STAMP_MARKER);
        stamped = true;
    }

    /** Stamps the ledger a chain uses (for the checks, which run chains whose ledger they do not choose). */
    void stampLedger(SmartMigration migration, String version) {
        ledgerHandle(migration.ledger().name(), migration.ledger().backend()).stamp(version, STAMP_MARKER);
    }

    @Override
    public Optional<String> ledgerVersion() {
        return ledgerHandle(ledgerName, ledgerBackend).currentVersion();
    }

    @Override
    public LedgerSnapshot ledger() {
        Optional<LedgerContents> state = ledgerHandle(ledgerName, ledgerBackend).read();
        if (state.isEmpty()) {
            return new LedgerSnapshot(Optional.empty(), List.of(), Optional.empty(), Optional.empty(), Optional.empty(),
                    Map.of());
        }
        LedgerContents s = state.get();
        return new LedgerSnapshot(s.currentVersion(), s.history(), s.lock().map(LockHolder::owner),
                s.lock().map(LockHolder::expiresAt), s.checkpoint().map(SavedCheckpoint::stepId),
                s.checkpoint().map(SavedCheckpoint::data).orElse(Map.of()));
    }

    @Override
    public void useLedger(String name, LedgerBackend backend) {
        if (backend == LedgerBackend.MONGO && !resources.config().mongo()
                || backend == LedgerBackend.S3 && !resources.config().s3()) {
            throw new SmartMigrationException(ErrorCode.INVALID_CONFIG, "useLedger(\"" + name + "\", " + backend
                    + ") needs " + backend + ", which this test does not use (" + resources.config().source() + ")");
        }
        this.ledgerName = name;
        this.ledgerBackend = backend;
    }

    /** The ledger {@code name} in this test's database or bucket, as the harness writes it. */
    private MigrationLedger ledgerHandle(String name, LedgerBackend backend) {
        MigrationLedger.Builder ledger = backend == LedgerBackend.MONGO
                ? MigrationLedger.mongo(resources.mongoClient(), resources.database().getName())
                : MigrationLedger.s3(resources.s3Client(), resources.bucket().name());
        return ledger.name(name).instanceId(OWNER).clock(clock).build();
    }

    @Override
    public DataSnapshot snapshot() {
        boolean mongo = resources.config().mongo();
        boolean s3 = resources.config().s3();
        if (mongo && s3) {
            return DataSnapshot.of(resources.database(), resources.s3Client(), resources.bucket().name());
        }
        return mongo ? DataSnapshot.of(resources.database()) : DataSnapshot.of(resources.s3Client(), resources.bucket().name());
    }

    @Override
    public void runWithCrash(SmartMigration.Builder chain, Crash crash) {
        List<MigrationStep> steps = new ArrayList<>(chain.steps());
        int index = indexOf(steps, crash.stepId());
        StepProbe probe = StepProbe.crashing(crash);
        steps.set(index, new ProbedStep(steps.get(index), probe));
        SmartMigration migration = build(bind(chain).replaceSteps(steps));
        MigrationResult result;
        try {
            result = migration.run();
        } catch (SimulatedProcessDeath death) {
            clock.advance(LOCK_TTL.plusSeconds(1));
            LOG.info("smartmigration-test: {}; the lock stays held; the harness clock moves past its lease",
                    death.getMessage());
            return;
        } catch (RuntimeException e) {
            if (probe.crashed()) {
                throw new AssertionFailedError("step '" + crash.stepId() + "' caught the simulated crash (" + crash
                        + ", a java.lang.Error) and turned it into " + e + ": a handler that catches Throwable or"
                        + " Error keeps running where a real process would be dead; catch Exception instead", e);
            }
            throw e;
        }
        if (!probe.ran()) {
            throw new AssertionFailedError(crash + " did not happen: step '" + crash.stepId() + "' did not run (the run"
                    + " went " + result.currentVersionBefore().orElse("(none)") + " -> "
                    + Objects.requireNonNullElse(result.currentVersionAfter(), "(none)") + " applying " + ids(result) + "): seed data at"
                    + " a version before the step, or stamp the ledger there");
        }
        throw new AssertionFailedError(crash + " did not happen: step '" + crash.stepId() + "' finished after "
                + probe.batches() + " batch(es) and " + probe.writes() + " write(s); use a smaller count or seed more data"
                + " (the run completed: the data is now at " + Objects.requireNonNullElse(result.currentVersionAfter(), "(none)") + ")");
    }

    @Override
    public void assertIdempotent(SmartMigration.Builder chain) {
        SmartMigration.Builder bound = bind(chain);
        SmartMigration full = build(bound);
        for (PlannedStep step : full.plan().steps()) {
            checkStepIdempotent(bound, step);
        }
        full.run();
    }

    /**
     * Runs the chain up to the end of {@code step}, then the step again on its own output, and
     * fails when the second run changed the data.
     */
    void checkStepIdempotent(SmartMigration.Builder bound, PlannedStep step) {
        SmartMigration upToStep = build(bound.copy().targetVersion(step.to()));
        upToStep.run();
        DataSnapshot first = snapshot();
        stampLedger(upToStep, step.from());
        MigrationResult again = upToStep.run();
        DataSnapshot second = snapshot();
        if (again.stepsApplied().stream().noneMatch(s -> s.id().equals(step.id()))) {
            throw new AssertionFailedError("the idempotency check stamped the ledger at " + step.from()
                    + " to run step '" + step.id() + "' again, but the run applied " + ids(again));
        }
        List<String> diff = first.diff(second);
        if (!diff.isEmpty()) {
            throw new AssertionFailedError("step '" + step.id() + "' (" + step.from() + " -> " + step.to()
                    + ") is not idempotent: running it again on its own output changed the data (first run → second"
                    + " run):" + SnapshotDiff.format(diff) + "\nA step is re-run after a crash, a failure or a"
                    + " skip-forward: make it check before it writes (filters such as {field: {$exists: false}},"
                    + " upserts, $set instead of $inc or $push, existence checks before copies).");
        }
    }

    /** Runs {@code bound} up to {@code version} (a step boundary). */
    MigrationResult runTo(SmartMigration.Builder bound, String version) {
        return build(bound.copy().targetVersion(version)).run();
    }

    /** Runs {@code chain} with every step counted; the probes by step id. */
    CountedRun runCounting(SmartMigration.Builder chain) {
        Map<String, StepProbe> probes = new LinkedHashMap<>();
        List<MigrationStep> steps = new ArrayList<>();
        for (MigrationStep step : chain.steps()) {
            StepProbe probe = StepProbe.counting(step.id());
            probes.put(step.id(), probe);
            steps.add(new ProbedStep(step, probe));
        }
        MigrationResult result = build(bind(chain).replaceSteps(steps)).run();
        return new CountedRun(result, probes);
    }

    /** A run with what each step did. */
    record CountedRun(MigrationResult result, Map<String, StepProbe> probes) {
    }

    @Override
    public void reset() {
        if (resources.config().mongo()) {
            resources.database().drop();
        }
        if (resources.config().s3()) {
            TestResources.emptyBucket(resources.bucket());
        }
        stamped = false;
    }

    @Override
    public MongoDatabase database() {
        if (!resources.config().mongo()) {
            throw new SmartMigrationException(ErrorCode.INVALID_CONFIG, "this test uses no MongoDB ("
                    + resources.config().source() + " sets mongo = false): set mongo = true to get a database");
        }
        return resources.database();
    }

    @Override
    public TestBucket bucket() {
        if (!resources.config().s3()) {
            throw new SmartMigrationException(ErrorCode.INVALID_CONFIG, "this test uses no S3 ("
                    + resources.config().source() + " sets s3 = false): set s3 = true to get a bucket");
        }
        return resources.bucket();
    }

    private static int indexOf(List<MigrationStep> steps, String id) {
        for (int i = 0; i < steps.size(); i++) {
            if (steps.get(i).id().equals(id)) {
                return i;
            }
        }
        throw new SmartMigrationException(ErrorCode.INVALID_CONFIG, "no step '" + id + "' in the chain: its steps are "
                + steps.stream().map(MigrationStep::id).toList());
    }

    private static List<String> ids(MigrationResult result) {
        return result.stepsApplied().stream().map(s -> s.id()).toList();
    }

    @Override
    public String toString() {
        return "MigrationHarness[" + resources + "]";
    }
}
