package io.smartmigration;

import com.mongodb.client.MongoClient;
import io.smartmigration.internal.ConfigValidator;
import io.smartmigration.internal.InlineStep;
import io.smartmigration.internal.InstanceIds;
import io.smartmigration.internal.MigrationConfig;
import io.smartmigration.internal.index.IndexDeclaration;
import io.smartmigration.internal.ledger.Ledger;
import io.smartmigration.internal.ledger.LedgerState;
import io.smartmigration.internal.runner.Ledgers;
import io.smartmigration.internal.ops.HistoryValidator;
import io.smartmigration.internal.ops.Readiness;
import io.smartmigration.internal.ops.StatusBuilder;
import io.smartmigration.internal.runner.MigrationRunner;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Brings the application's MongoDB and S3 data up to the version this release expects, at
 * startup, once, whatever the number of instances booting at the same time.
 *
 * <pre>{@code
 * SmartMigration migration = SmartMigration.builder()
 *     .targetVersion("2.0.0")
 *     .mongo(mongoClient, "appdb")
 *     .s3(s3Client, "app-bucket")
 *     .step("add-status").from("1.0.0").to("1.1.0")
 *         .description("backfill status")
 *         .up(ctx -> ctx.mongo().getCollection("users")
 *             .updateMany(Filters.exists("status", false), Updates.set("status", "active")))
 *     .step(new MoveAvatars())                  // a MigrationStep from 1.1.0 to 2.0.0
 *     .build();
 *
 * MigrationResult result = migration.run();   // a fast no-op once the data is at 2.0.0
 * }</pre>
 *
 * <p>{@link #run()} reads the ledger once; if the data is at the target it returns
 * {@link Outcome#NO_OP} without taking the lock or writing anything. Otherwise it takes the
 * ledger's lease lock, reads the ledger again (another instance may have finished meanwhile),
 * runs the planned steps and advances the ledger with one atomic write after each. Handlers must
 * be idempotent: a step is retried after a failure or a crash, and re-run from its start when the
 * ledger points strictly inside its range (skip-forward).
 *
 * <p>Operations: {@link #status()} (what ran, what is pending, who holds the lock),
 * {@link #validate()} (does the history match the chain), {@link #forceUnlock()} (clear a dead
 * instance's lock) and {@link #baseline(String)} (adopt existing data at a version). The
 * {@code smartmigration-cli} jar offers the same from a shell, without the application's code.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class SmartMigration {

    private final MigrationConfig config;
    private final Ledger ledger;
    private final MigrationRunner runner;
    private final MigrationLedger ledgerHandle;
    private final Readiness readiness;

    private SmartMigration(MigrationConfig config) {
        this.config = config;
        this.ledger = Ledgers.open(config);
        this.runner = new MigrationRunner(config, ledger);
        this.ledgerHandle = new MigrationLedger(ledger, config.ledgerName(), config.ledgerBackend(), config.clock(),
                config.instanceId(), config.lockTtl());
        this.readiness = new Readiness(ledger, config.clock());
    }

    /** A new builder; see the class documentation. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A new instance id, {@code host/pid/random}: what a runner (and a {@link MigrationLedger}) is
     * named in locks and history when no {@code instanceId(...)} is set. Tools prefix it with their
     * own name, as the CLI's {@code smartmigration-cli@host/pid/random}.
     */
    public static String defaultInstanceId() {
        return InstanceIds.newInstanceId();
    }

    /**
     * Brings the data to the target version (see the class documentation).
     *
     * @throws SmartMigrationException with the {@link ErrorCode} that says why; a failed step
     *                                 attaches the steps completed before it as
     *                                 {@link SmartMigrationException#partialResult()}
     */
    public MigrationResult run() {
        try {
            MigrationResult result = runner.run();
            readiness.ran(result);
            return result;
        } catch (RuntimeException e) {
            readiness.forget();
            throw e;
        }
    }

    /**
     * Whether the data has reached {@code version}: the ledger's version is {@code version} or later
     * (SemVer precedence); false while the ledger has no version. For cron jobs and request handlers
     * that must not act on data a rolling deploy has not migrated yet. Cheap enough to call on every
     * request: it reads the ledger at most once per second (by the builder's clock) however many
     * threads call it, and knows at once the version this instance's own {@link #run()} reached. So
     * an answer may be up to a second old when another instance migrates.
     *
     * <pre>{@code
     * // a nightly job shipped with release 2.0.0, running on every instance of a rolling deploy
     * if (!migration.isAtLeast("2.0.0")) {
     *     log.info("digest skipped: the data is not at 2.0.0 yet");
     *     return;
     * }
     * sendDigests();
     * }</pre>
     *
     * @throws SmartMigrationException {@link ErrorCode#INVALID_VERSION} for a version that is not strict
     *                                 SemVer; {@link ErrorCode#LEDGER_UNAVAILABLE} or {@link ErrorCode#LEDGER_CORRUPT}
     *                                 when the ledger cannot be read (that answer is kept for the second too)
     */
    public boolean isAtLeast(String version) {
        return readiness.isAtLeast(version);
    }

    /** What {@link #run()} would do now: reads the ledger, writes nothing, takes no lock. */
    public MigrationPlan plan() {
        return runner.plan();
    }

    /** The ledger's data version; empty when no run has written the ledger yet. */
    public Optional<String> currentVersion() {
        return runner.currentVersion();
    }

    /** The ledger's history, oldest first. */
    public List<HistoryEntry> history() {
        return runner.history();
    }

    /**
     * Every registered step with its state (applied, skip-forward, stamped over, failed, pending),
     * when and by which instance it ran and for how long, the data version, the target, and the
     * lock's holder with its lease expiry. One read of the ledger; nothing written, no lock taken.
     * {@code toString()} renders a table.
     *
     * <pre>{@code
     * System.out.println(migration.status());
     * }</pre>
     */
    public MigrationStatus status() {
        Optional<LedgerState> state = ledger.read();
        return StatusBuilder.build(ledger.describe(), config.targetVersion(), config.steps(), config.indexes(), state,
                config.clock().instant());
    }

    /**
     * Compares the ledger's history with the registered chain: an applied step whose id is no
     * longer registered, whose {@code from}/{@code to} changed, or, for a step written as a class,
     * whose bytecode changed since it ran (the SHA-256 of the class file recorded in history when
     * it ran; recompiling with another compiler changes it too). Steps declared with the builder
     * have no checksum. One read of the ledger; nothing written.
     *
     * <p>{@link #run()} makes the same check on the ledger it reads anyway: it logs the problems at
     * WARN, or fails with {@link ErrorCode#HISTORY_MISMATCH} when the builder set
     * {@link Builder#validateOnRun(boolean) validateOnRun(true)}.
     *
     * <pre>{@code
     * ValidationReport report = migration.validate();
     * if (!report.valid()) throw new IllegalStateException(report.toString());
     * }</pre>
     */
    public ValidationReport validate() {
        return HistoryValidator.validate(ledger.describe(), config.steps(), ledger.read());
    }

    /**
     * Removes the ledger's lock whoever holds it, for a lock left by a dead instance whose lease is
     * too long to wait for. The removed holder is named in the log at WARN. An instance still alive
     * behind that lock cannot corrupt the ledger: its next write is refused (fencing token) and it
     * stops with {@link ErrorCode#LOCK_LOST}; but its handler may still be running meanwhile.
     *
     * <pre>{@code
     * migration.forceUnlock().ifPresent(h -> log.warn("removed the lock of {}", h.describe()));
     * }</pre>
     *
     * @return the holder whose lock was removed; empty when no lock was held
     */
    public Optional<LockHolder> forceUnlock() {
        return ledgerHandle.forceUnlock();
    }

    /**
     * Adopts existing data at {@code version} without running any step: for data created before
     * smartmigration was introduced, or restored from elsewhere. Same as {@code baseline(version, false)}.
     *
     * <pre>{@code
     * migration.baseline("1.4.0");   // the data is already shaped as 1.4.0
     * migration.run();               // runs only the steps from 1.4.0 on
     * }</pre>
     *
     * @return the STAMPED history entry written (step id {@code <baseline>})
     * @throws SmartMigrationException {@link ErrorCode#BASELINE_REFUSED} when the ledger already has a
     *                                 version or history, or another instance holds its lock;
     *                                 {@link ErrorCode#INVALID_VERSION} for a version that is not SemVer
     */
    public HistoryEntry baseline(String version) {
        return baseline(version, false);
    }

    /**
     * Sets the ledger's version to {@code version} without running any step, under the ledger's
     * lock, and records a STAMPED history entry {@code <baseline>}; any saved checkpoint is dropped.
     * Without {@code force} it refuses a ledger that already has a version or history. With it,
     * the version is overwritten (a WARN says from what): steps at or below it count as applied, those
     * above it run on the next {@link #run()}. It always refuses while another instance holds a live
     * lock (use {@link #forceUnlock()} first if that instance is dead).
     *
     * @throws SmartMigrationException {@link ErrorCode#BASELINE_REFUSED} or {@link ErrorCode#INVALID_VERSION}
     */
    public HistoryEntry baseline(String version, boolean force) {
        try {
            return ledgerHandle.baseline(version, force);
        } finally {
            readiness.forget();
        }
    }

    /**
     * This runner's ledger, for reading it the way tools do (its lock, its checkpoint, where it
     * lives) without running anything; it names itself with this runner's {@code instanceId} and
     * reads time from its clock.
     *
     * <pre>{@code
     * migration.ledger().read().flatMap(LedgerContents::checkpoint)
     *         .ifPresent(c -> log.info("step {} will resume from {}", c.stepId(), c.data()));
     * }</pre>
     */
    public MigrationLedger ledger() {
        return ledgerHandle;
    }

    /** The target version this runner brings the data to. */
    public String targetVersion() {
        return config.targetVersion();
    }

    /** The registered steps, in chain order. */
    public List<MigrationStep> steps() {
        return config.steps();
    }

    @Override
    public String toString() {
        return "SmartMigration[target=" + config.targetVersion() + ", steps=" + config.steps().size()
                + ", ledger=" + ledger.describe() + "]";
    }

    /**
     * Configures a {@link SmartMigration}. Nothing is checked or contacted until {@link #build()},
     * which validates everything before any I/O. A builder may be reused to build several runners
     * (for example the same chain against many databases); {@link #copy()} forks it.
     */
    public static final class Builder {
        /** Every setting by key (see {@code MigrationConfig}): copying the builder copies them all. */
        private final MigrationConfig.Settings settings;
        private StepBuilder openStep;

        private Builder() {
            this(new MigrationConfig.Settings());
        }

        private Builder(MigrationConfig.Settings settings) {
            this.settings = settings;
        }

        private <T> Builder set(MigrationConfig.Setting<T> key, T value) {
            settings.set(key, value);
            return this;
        }

        /** Required: the data version this release of the application expects. */
        public Builder targetVersion(String targetVersion) {
            return set(MigrationConfig.TARGET_VERSION, targetVersion);
        }

        /** The Mongo client and database the steps work on; holds the ledger unless {@link #ledgerBackend} says otherwise. */
        public Builder mongo(MongoClient client, String databaseName) {
            set(MigrationConfig.MONGO_CLIENT, client);
            return set(MigrationConfig.DATABASE_NAME, databaseName);
        }

        /** The S3 client and bucket the steps work on; holds the ledger when Mongo is not configured. */
        public Builder s3(S3Client client, String bucket) {
            set(MigrationConfig.S3_CLIENT, client);
            return set(MigrationConfig.BUCKET, bucket);
        }

        /** The ledger's name (Mongo document id, S3 key segment); default {@code smartmigration}. */
        public Builder ledgerName(String ledgerName) {
            return set(MigrationConfig.LEDGER_NAME, ledgerName);
        }

        /** Where the ledger lives; default MONGO when Mongo is configured, else S3. */
        public Builder ledgerBackend(LedgerBackend backend) {
            return set(MigrationConfig.LEDGER_BACKEND, backend);
        }

        /** How long {@code run()} waits for another instance's lock; default one minute. */
        public Builder lockWait(Duration lockWait) {
            return set(MigrationConfig.LOCK_WAIT, lockWait);
        }

        /**
         * The lease; renewed in the background at a third of it while held. Default ten minutes. A
         * killed holder's lease is taken over by a waiter that has watched it unrenewed for this long
         * on its own monotonic clock; a handler whose instance went this long without a successful
         * renewal (a frozen process) has its {@code ctx.mongo()}/{@code ctx.s3()} operations refused.
         */
        public Builder lockTtl(Duration lockTtl) {
            return set(MigrationConfig.LOCK_TTL, lockTtl);
        }

        /** WAIT (default) for the lock, or SKIP and return at once while another instance migrates. */
        public Builder lockPolicy(LockPolicy lockPolicy) {
            return set(MigrationConfig.LOCK_POLICY, lockPolicy);
        }

        /**
         * On a fresh ledger over fresh data (no collection but the ledger's, no object outside
         * {@code .smartmigration/}), stamp this version instead of running the steps below it.
         */
        public Builder freshInstallVersion(String version) {
            return set(MigrationConfig.FRESH_INSTALL_VERSION, version);
        }

        /** Fail with DATA_AHEAD_OF_CODE instead of a warned no-op when the data is newer than the target. */
        public Builder failIfDataAhead(boolean fail) {
            return set(MigrationConfig.FAIL_IF_DATA_AHEAD, fail);
        }

        /**
         * The clock of the instants this instance writes (history, the lock's {@code acquiredAt} and
         * {@code expiresAt}, checkpoints), which are for people, and the one handlers get from
         * {@link MigrationContext#clock()}; inject one in tests. Leases are not decided by it: a waiter
         * times a holder's lease on its own monotonic clock, so instances whose clocks disagree never
         * take over a lease that is being renewed.
         */
        public Builder clock(Clock clock) {
            return set(MigrationConfig.CLOCK, clock);
        }

        /** How this instance is named in locks and history; default {@code host/pid/random}. */
        public Builder instanceId(String instanceId) {
            return set(MigrationConfig.INSTANCE_ID, instanceId);
        }

        /**
         * With true, {@link SmartMigration#run()} fails with {@link ErrorCode#HISTORY_MISMATCH} when the
         * ledger's history does not match the chain (see {@link SmartMigration#validate()}), before
         * taking the lock or running anything. Default false: the mismatch is logged at WARN.
         */
        public Builder validateOnRun(boolean validate) {
            return set(MigrationConfig.VALIDATE_ON_RUN, validate);
        }

        /**
         * How long a JVM shutdown (SIGTERM) that arrives while {@code run()} holds the lock waits for
         * the step to stop at its next batch or checkpoint boundary and release the lock; default
         * 10 s, well under Kubernetes' 30 s
         * {@code terminationGracePeriodSeconds}. Past it the lock is released anyway and the step's
         * further operations through {@code ctx.mongo()}/{@code ctx.s3()} are refused.
         */
        public Builder shutdownGrace(Duration grace) {
            return set(MigrationConfig.SHUTDOWN_GRACE, grace);
        }

        /** Adds a listener called around runs and steps (see {@link MigrationListener}); any number, called in order. */
        public Builder listener(MigrationListener listener) {
            if (listener == null) {
                throw new SmartMigrationException(ErrorCode.INVALID_CONFIG, "listener is null: pass a MigrationListener");
            }
            settings.add(MigrationConfig.LISTENERS, listener);
            return this;
        }

        /**
         * Declares an index the chain relies on, created before the first step runs: under the lock,
         * idempotently (an index that exists with this definition is left alone), and awaited, so every
         * step can rely on it. The ledger records the declarations it ensured: a start whose declarations
         * are those already ensured does not look at the indexes at all (a no-op start stays one ledger
         * read), and a release that adds or changes a declaration gets it ensured at its first start even
         * when no step runs. An index whose name exists with another definition fails the run with
         * {@link ErrorCode#INDEX_CONFLICT} naming both definitions; nothing is ever dropped (removing a
         * declaration leaves its index in place). Needs Mongo: an application without {@link #mongo} gets
         * {@link ErrorCode#INVALID_CONFIG} from {@link #build()}, whatever ledger it uses.
         *
         * <pre>{@code
         * SmartMigration.builder()
         *     .targetVersion("2.0.0")
         *     .mongo(client, "appdb")
         *     .index("users", Indexes.ascending("tenantId", "email"), new IndexOptions().unique(true))
         *     .index("notes", Indexes.ascending("tenantId", "ownerId"))
         *     ...
         * }</pre>
         *
         * @param options the index's options ({@code unique}, {@code name}, {@code partialFilterExpression},
         *                ...); null for none. Read when {@link #build()} is called.
         */
        public Builder index(String collection, org.bson.conversions.Bson keys, com.mongodb.client.model.IndexOptions options) {
            settings.add(MigrationConfig.INDEX_SPECS, new IndexDeclaration.Spec(collection, keys, options));
            return this;
        }

        /** {@link #index(String, org.bson.conversions.Bson, com.mongodb.client.model.IndexOptions)} with default options. */
        public Builder index(String collection, org.bson.conversions.Bson keys) {
            return index(collection, keys, null);
        }

        /** Starts a step; finish it with {@link StepBuilder#up(StepHandler)}. */
        public StepBuilder step(String id) {
            requireNoOpenStep();
            openStep = new StepBuilder(this, id);
            return openStep;
        }

        /** Adds a step written as a class. */
        public Builder step(MigrationStep step) {
            requireNoOpenStep();
            if (step == null) {
                throw new SmartMigrationException(ErrorCode.INVALID_CONFIG, "step is null: pass a MigrationStep, or"
                        + " declare the step with step(id).from(..).to(..).up(ctx -> ...)");
            }
            settings.add(MigrationConfig.STEPS, step);
            return this;
        }

        /**
         * The steps registered so far, in chain order; an immutable copy.
         *
         * <pre>{@code
         * List<String> ids = builder.steps().stream().map(MigrationStep::id).toList();
         * }</pre>
         *
         * @throws SmartMigrationException INVALID_CONFIG while a {@code step(id)} has no handler yet
         */
        public List<MigrationStep> steps() {
            requireNoOpenStep();
            return settings.get(MigrationConfig.STEPS);
        }

        /**
         * Replaces the registered steps with {@code steps}, in that order, keeping every other
         * setting: for tools that decorate a chain (wrap each step, see
         * {@link io.smartmigration.spi.DelegatingStep}) or run part of it. Checked by {@link #build()}
         * like steps added one by one.
         *
         * <pre>{@code
         * SmartMigration.Builder firstTwo = chain.copy().replaceSteps(chain.steps().subList(0, 2))
         *         .targetVersion(chain.steps().get(1).to());
         * }</pre>
         */
        public Builder replaceSteps(List<? extends MigrationStep> steps) {
            requireNoOpenStep();
            if (steps == null || steps.stream().anyMatch(Objects::isNull)) {
                throw new SmartMigrationException(ErrorCode.INVALID_CONFIG, "replaceSteps(" + steps
                        + ") needs a list of steps without nulls");
            }
            return set(MigrationConfig.STEPS, List.copyOf(steps));
        }

        /** An independent builder with the same settings and steps. */
        public Builder copy() {
            requireNoOpenStep();
            return new Builder(settings.copy());
        }

        /**
         * Validates the configuration and the chain, before any I/O.
         *
         * @throws SmartMigrationException INVALID_CONFIG, INVALID_VERSION, DUPLICATE_STEP_ID,
         *                                 INVALID_STEP_RANGE, CHAIN_GAP or TARGET_NOT_REACHABLE
         */
        public SmartMigration build() {
            requireNoOpenStep();
            MigrationConfig config = settings.freeze();
            ConfigValidator.validate(config);
            return new SmartMigration(config.with(MigrationConfig.INDEXES, ConfigValidator.indexes(config)));
        }

        void close(MigrationStep step) {
            openStep = null;
            settings.add(MigrationConfig.STEPS, step);
        }

        private void requireNoOpenStep() {
            if (openStep != null) {
                String id = openStep.id;
                openStep = null;
                throw new SmartMigrationException(ErrorCode.INVALID_CONFIG, "step '" + id
                        + "' was started but has no handler: finish it with .up(ctx -> ...)");
            }
        }
    }

    /**
     * Describes one step of the chain; {@link #up(StepHandler)} adds it and returns the builder.
     */
    public static final class StepBuilder {
        private final Builder owner;
        private final String id;
        private String from;
        private String to;
        private String description = "";
        private boolean resumable;

        private StepBuilder(Builder owner, String id) {
            this.owner = owner;
            this.id = id;
        }

        /** Required: the data version the step starts from. */
        public StepBuilder from(String from) {
            this.from = from;
            return this;
        }

        /** Required: the data version the step leaves behind. */
        public StepBuilder to(String to) {
            this.to = to;
            return this;
        }

        /** Shown in logs and status output. */
        public StepBuilder description(String description) {
            this.description = description == null ? "" : description;
            return this;
        }

        /** Lets the handler use {@link MigrationContext#checkpoint()} and checkpointing batch iterators. */
        public StepBuilder resumable() {
            this.resumable = true;
            return this;
        }

        /** Required: the handler; adds the step to the chain and returns the builder. */
        public Builder up(StepHandler handler) {
            if (handler == null) {
                throw new SmartMigrationException(ErrorCode.INVALID_CONFIG,
                        "step '" + id + "' has a null handler: pass .up(ctx -> ...)");
            }
            owner.close(new LambdaStep(id, from, to, description, resumable, handler));
            return owner;
        }
    }

    /** A step declared with the builder. */
    private record LambdaStep(String id, String from, String to, String description, boolean resumable,
                              StepHandler handler) implements MigrationStep, InlineStep {
        @Override
        public void up(MigrationContext ctx) throws Exception {
            handler.up(ctx);
        }

        @Override
        public String toString() {
            return "step '" + id + "' " + from + " -> " + to;
        }
    }
}
