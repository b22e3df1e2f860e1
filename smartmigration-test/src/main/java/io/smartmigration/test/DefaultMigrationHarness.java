package io.smartmigration.test;

import io.smartmigration.test.internal.OffsetClock;
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
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.opentest4j.AssertionFailedError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.sync.RequestBody;

/** The harness of one test; see {@link MigrationHarness}. */
final class DefaultMigrationHarness implements MigrationHarness {

    static final Duration LOCK_WAIT = Duration.ofSeconds(10);
    static final Duration LOCK_TTL = Duration.ofSeconds(30);
    private static final String OWNER = "smartmigration-test";
    /** The history id of the entries {@link #stampLedger} writes. */
    private static final String STAMP_MARKER = "<smartmigration-test>";
    private static final Logger LOG = LoggerFactory.getLogger("io.smartmigration.test");

    private final TestResources resources;
    private final OffsetClock clock = new OffsetClock();
    /** What handlers get as ctx.clock(): fixed, so every run of this test writes the same instants. */
    private final Clock stepClock = Clock.fixed(Instant.now().truncatedTo(ChronoUnit.SECONDS), ZoneOffset.UTC);
    private String ledgerName = "smartmigration";
    private LedgerBackend ledgerBackend;
    private boolean stamped;
    private String keptFor;
    /** The instance of the last run crashed by {@link #runWithCrash}, whose lock the next chain built frees. */
    private String crashedOwner;

    DefaultMigrationHarness(TestResources resources) {
        this.resources = resources;
        this.ledgerBackend = resources.config().mongo() ? LedgerBackend.MONGO : LedgerBackend.S3;
    }

    @Override
    public SmartMigration.Builder bind(SmartMigration.Builder chain) {
        return bind(chain, step -> new ProbedStep(step, Optional.empty(), stepClock, () -> { }));
    }

    @Override
    public Clock clock() {
        return stepClock;
    }

    /** {@link #bind} with each step of the chain wrapped by {@code layer} (which gives it the step clock). */
    private SmartMigration.Builder bind(SmartMigration.Builder chain, Function<MigrationStep, ProbedStep> layer) {
        SmartMigration.Builder bound = chain.copy().replaceSteps(
                chain.steps().stream().map(ProbedStep::unwrap).map(layer).toList());
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
        if (crashedOwner != null) {
            String dead = crashedOwner;
            crashedOwner = null;
            if (chainLedger.read().flatMap(LedgerContents::lock).filter(l -> l.owner().equals(dead)).isPresent()) {
                chainLedger.forceUnlock();   // the lock of the run this harness crashed, and no other
            }
        }
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
        if (!fixture.collections().isEmpty()) {
            Seeding.documents(fixture, resources.database(), resources.mongoKind());
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
        return snapshotOf(image());
    }

    static DataSnapshot snapshotOf(DataImage image) {
        return DataSnapshot.of(SnapshotReader.collections(image).values(), SnapshotReader.objects(image).values());
    }

    @Override
    public void runWithCrash(SmartMigration.Builder chain, Crash crash) {
        indexOf(chain.steps(), crash.stepId());
        StepProbe probe = StepProbe.crashing(crash);
        SmartMigration migration = build(bind(chain, step -> new ProbedStep(step,
                step.id().equals(crash.stepId()) ? Optional.of(probe) : Optional.empty(), stepClock, () -> { })));
        MigrationResult result;
        try {
            result = migration.run();
        } catch (SimulatedProcessDeath death) {
            // The lock stays held, as a killed process leaves it. A successor takes such a lease over once it has
            // watched it go unrenewed for a whole lockTtl on its own monotonic clock; the harness stands in for that
            // wait: the next chain it builds first removes this dead instance's lock (see build), then resumes.
            crashedOwner = migration.ledger().read().flatMap(LedgerContents::lock).map(LockHolder::owner).orElse(null);
            clock.advance(LOCK_TTL.plusSeconds(1));
            LOG.info("smartmigration-test: {}; the dead instance's lock is left held; the next run the harness builds frees it, as"
                    + " a successor would take it over after lockTtl", death.getMessage());
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
        if (crash.kind() == Crash.Kind.BATCHES && probe.batches() == 0) {
            throw new AssertionFailedError(crash + " did not happen: step '" + crash.stepId() + "' walks no batches (it"
                    + " calls neither ctx.forEachDocumentBatch nor ctx.forEachObjectBatch) and made " + probe.writes()
                    + " write(s): crash it after a write instead, with Crash.inStep(\"" + crash.stepId()
                    + "\").afterWrites(n) for n from 1 to " + Math.max(1, probe.writes()));
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
            checkStepIdempotent(bound, step, snapshot -> snapshot, "");
        }
        full.run();
    }

    /**
     * Runs the chain up to the end of {@code step}, then the step again on its own output, and
     * fails when the second run changed the data.
     */
    void checkStepIdempotent(SmartMigration.Builder bound, PlannedStep step, UnaryOperator<DataSnapshot> mask,
                             String note) {
        SmartMigration upToStep = build(bound.copy().targetVersion(step.to()));
        upToStep.run();
        DataSnapshot first = mask.apply(snapshot());
        stampLedger(upToStep, step.from());
        MigrationResult again = upToStep.run();
        DataSnapshot second = mask.apply(snapshot());
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
                    + " upserts, $set instead of $inc or $push, existence checks before copies)." + note);
        }
    }

    /** Runs {@code bound} up to {@code version} (a step boundary). */
    MigrationResult runTo(SmartMigration.Builder bound, String version) {
        return build(bound.copy().targetVersion(version)).run();
    }

    /**
     * Runs {@code chain} with every step counted; the probes by step id, and the data as each step
     * that ran found it.
     */
    CountedRun runCounting(SmartMigration.Builder chain) {
        Map<String, StepProbe> probes = new LinkedHashMap<>();
        Map<String, DataImage> before = new LinkedHashMap<>();
        SmartMigration migration = build(bind(chain, step -> {
            StepProbe probe = StepProbe.counting(step.id());
            probes.put(step.id(), probe);
            return new ProbedStep(step, Optional.of(probe), stepClock, () -> before.put(step.id(), image()));
        }));
        return new CountedRun(migration.run(), probes, before);
    }

    /** A run with what each step did, and the data before each step that ran. */
    record CountedRun(MigrationResult result, Map<String, StepProbe> probes, Map<String, DataImage> before) {
    }

    /** A copy of the test's data, the ledger excluded. */
    DataImage image() {
        return DataImage.capture(mongo(), s3(), s3().map(c -> resources.bucket().name()));
    }

    /** Back to empty, then {@code image} written and the ledger stamped at {@code version}. */
    void restore(DataImage image, String version) {
        restore(image, version, Optional.empty());
    }

    /**
     * {@link #restore(DataImage, String)}, knowing what the test's data is now ({@code now}, an image
     * taken since the last run): then only the objects that differ are written, which is most of
     * the cost of a restore on S3.
     */
    void restore(DataImage image, String version, Optional<DataImage> now) {
        if (now.isEmpty() || !resources.config().s3()) {
            reset();
            image.restore(mongo(), s3(), s3().map(c -> resources.bucket().name()), Optional.empty());
        } else {
            if (resources.config().mongo()) {
                resources.database().drop();
            }
            if (ledgerBackend == LedgerBackend.S3) {   // a Mongo ledger went with the database
                TestResources.deleteUnder(resources.bucket().client(), resources.bucket().name(),
                        SnapshotReader.LEDGER_PREFIX);
            }
            stamped = false;
            image.restore(mongo(), s3(), s3().map(c -> resources.bucket().name()), now.map(DataImage::objects));
        }
        stampLedger(version);
    }

    private Optional<MongoDatabase> mongo() {
        return resources.config().mongo() ? Optional.of(resources.database()) : Optional.empty();
    }

    private Optional<software.amazon.awssdk.services.s3.S3Client> s3() {
        return resources.config().s3() ? Optional.of(resources.bucket().client()) : Optional.empty();
    }

    /** The generated check whose failure kept this test's data ({@code smartmigration.test.keep=true}). */
    synchronized Optional<String> keptFor() {
        return Optional.ofNullable(keptFor);
    }

    synchronized void keptFor(String check) {
        if (keptFor == null) {
            keptFor = check;
        }
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
