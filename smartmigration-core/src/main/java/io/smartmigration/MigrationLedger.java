package io.smartmigration;

import com.mongodb.client.MongoClient;
import io.smartmigration.internal.ConfigValidator;
import io.smartmigration.internal.InstanceIds;
import io.smartmigration.internal.ledger.HistoryCodec;
import io.smartmigration.internal.ledger.Ledger;
import io.smartmigration.internal.ledger.LedgerState;
import io.smartmigration.internal.runner.Ledgers;
import io.smartmigration.internal.ops.LedgerTools;
import io.smartmigration.internal.ops.StatusBuilder;
import io.smartmigration.internal.version.Versions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A smartmigration ledger opened by where it lives, without a chain of steps: what version the
 * data is at, what ran, who holds the lock and what checkpoint a resumable step will resume from;
 * and the operator's repairs (remove a dead instance's lock, adopt existing data at a version).
 * For code that has no steps: the {@code smartmigration-cli}, health checks and admin endpoints,
 * test toolkits. A runner's own ledger is {@link SmartMigration#ledger()}.
 *
 * <pre>{@code
 * MigrationLedger ledger = MigrationLedger.mongo(mongoClient, "appdb").build();
 * Optional<String> version = ledger.currentVersion();
 * ledger.read().flatMap(LedgerContents::liveLock)
 *       .ifPresent(holder -> log.info("migrating right now: {}", holder.describe()));
 *
 * MigrationLedger billing = MigrationLedger.s3(s3Client, "app-bucket").name("billing").build();
 * billing.forceUnlock();                 // the holder died and its lease is long
 * }</pre>
 *
 * <p>Opening a ledger does no I/O and writes nothing: a ledger that was never written reads as
 * empty. Each read is one round trip and takes no lock. Reads and writes are the runner's own
 * (the same backend code, the same fencing), and failures are
 * {@link SmartMigrationException}s: {@link ErrorCode#LEDGER_UNAVAILABLE} when the backend cannot be
 * reached, {@link ErrorCode#LEDGER_CORRUPT} when what is stored is not a ledger. Instances are
 * immutable and thread-safe.
 */
public final class MigrationLedger {

    /** The lease a ledger opened with {@link #mongo} or {@link #s3} holds while it baselines. */
    private static final Duration TOOL_LEASE = Duration.ofMinutes(1);

    private final Ledger ledger;
    private final String name;
    private final LedgerBackend backend;
    private final Clock clock;
    private final String instanceId;
    private final LedgerTools tools;

    MigrationLedger(Ledger ledger, String name, LedgerBackend backend, Clock clock, String instanceId, Duration lease) {
        this.ledger = ledger;
        this.name = name;
        this.backend = backend;
        this.clock = clock;
        this.instanceId = instanceId;
        this.tools = new LedgerTools(ledger, clock, instanceId, lease);
    }

    /** The ledger in the Mongo database {@code database} (collection {@code smartmigration_ledger}). */
    public static Builder mongo(MongoClient client, String database) {
        return new Builder(LedgerBackend.MONGO, client, database, null, null);
    }

    /** The ledger in the S3 bucket {@code bucket} (keys under {@code .smartmigration/}). */
    public static Builder s3(S3Client client, String bucket) {
        return new Builder(LedgerBackend.S3, null, null, client, bucket);
    }

    /** The ledger's name (default {@code smartmigration}). */
    public String name() {
        return name;
    }

    /** Which backend holds it. */
    public LedgerBackend backend() {
        return backend;
    }

    /** How this ledger names itself in locks and history entries it writes. */
    public String instanceId() {
        return instanceId;
    }

    /** Where the ledger lives, for messages: "Mongo ledger 'smartmigration' in appdb.smartmigration_ledger at [...]". */
    public String describe() {
        return ledger.describe();
    }

    /** One read; empty when nothing was ever written under this name there. */
    public Optional<LedgerContents> read() {
        Optional<LedgerState> state = ledger.read();
        Instant now = clock.instant();
        return state.map(s -> contents(ledger.describe(), s, now));
    }

    /** The data version; empty when no version was written yet. One read. */
    public Optional<String> currentVersion() {
        return read().flatMap(LedgerContents::currentVersion);
    }

    /**
     * Removes the lock whoever holds it, for a lock left by a dead instance whose lease is too long
     * to wait for; the holder is named at WARN. A holder still alive cannot corrupt the ledger: its
     * next write is refused (fencing token) and it stops with {@link ErrorCode#LOCK_LOST}.
     *
     * @return the holder whose lock was removed; empty when no lock was held
     */
    public Optional<LockHolder> forceUnlock() {
        return tools.forceUnlock();
    }

    /**
     * Adopts existing data at {@code version}: see {@link SmartMigration#baseline(String, boolean)}.
     * Written under the ledger's lock, with a STAMPED history entry {@code <baseline>}.
     *
     * @throws SmartMigrationException {@link ErrorCode#BASELINE_REFUSED} over existing history without
     *                                 {@code force}, or while another instance holds a live lock;
     *                                 {@link ErrorCode#INVALID_VERSION} for a version that is not SemVer
     */
    public HistoryEntry baseline(String version, boolean force) {
        return tools.baseline(version, force);
    }

    /**
     * Sets the data version without the lock and without the checks of {@link #baseline}: appends a
     * STAMPED entry named {@code marker}, drops the saved checkpoint, leaves the lock as it is. For
     * test toolkits that seed data at a version or leave a ledger at an orphan version, and for
     * scripted repairs. Never while an application may be migrating that ledger.
     *
     * <pre>{@code
     * ledger.stamp("1.0.5", "<smartmigration-test>");   // a ledger left inside a step's range
     * }</pre>
     *
     * @return the entry written
     * @throws SmartMigrationException {@link ErrorCode#INVALID_VERSION} for a version that is not SemVer
     */
    public HistoryEntry stamp(String version, String marker) {
        Versions.require(version, "the stamped version");
        Objects.requireNonNull(marker, "marker");
        Instant now = clock.instant();
        Optional<String> before = ledger.read().flatMap(LedgerState::currentVersion);
        HistoryEntry entry = HistoryCodec.stamped(marker, before, version, instanceId, now);
        ledger.stamp(version, entry, now);
        return entry;
    }

    @Override
    public String toString() {
        return "MigrationLedger[" + ledger.describe() + "]";
    }

    /** The internal ledger, for {@link SmartMigration}. */
    Ledger internal() {
        return ledger;
    }

    private static LedgerContents contents(String where, LedgerState s, Instant now) {
        return new LedgerContents(where, s.currentVersion(),
                s.updatedAt().equals(Instant.EPOCH) ? Optional.empty() : Optional.of(s.updatedAt()),
                s.lock().map(lock -> StatusBuilder.holder(lock, now)),
                s.checkpoint().map(c -> new SavedCheckpoint(c.stepId(), c.data(),
                        c.updatedAt().equals(Instant.EPOCH) ? Optional.empty() : Optional.of(c.updatedAt()))),
                s.history(), s.indexes());
    }

    /**
     * Where the ledger is and how to name this tool in it; {@link #build()} checks it, without I/O.
     */
    public static final class Builder {
        private final LedgerBackend backend;
        private final MongoClient mongoClient;
        private final String database;
        private final S3Client s3Client;
        private final String bucket;
        private String name = "smartmigration";
        private String instanceId;
        private Clock clock = Clock.systemUTC();

        private Builder(LedgerBackend backend, MongoClient mongoClient, String database, S3Client s3Client,
                        String bucket) {
            this.backend = backend;
            this.mongoClient = mongoClient;
            this.database = database;
            this.s3Client = s3Client;
            this.bucket = bucket;
        }

        /** The ledger's name, as the application's {@code ledgerName(...)}; default {@code smartmigration}. */
        public Builder name(String name) {
            this.name = name;
            return this;
        }

        /**
         * How entries and locks this ledger writes name their writer; default a new
         * {@code host/pid/random} id ({@link SmartMigration#defaultInstanceId()}).
         */
        public Builder instanceId(String instanceId) {
            this.instanceId = instanceId;
            return this;
        }

        /** The clock for the instants it writes and for telling a live lease from an expired one. */
        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        /**
         * @throws SmartMigrationException {@link ErrorCode#INVALID_CONFIG} for a missing client, a blank
         *                                 database or bucket, or a name the ledger cannot have
         */
        public MigrationLedger build() {
            if (backend == LedgerBackend.MONGO ? mongoClient == null : s3Client == null) {
                throw new SmartMigrationException(ErrorCode.INVALID_CONFIG, "the " + backend + " client is null: pass"
                        + " the client that reaches the ledger's " + (backend == LedgerBackend.MONGO ? "database" : "bucket"));
            }
            String place = backend == LedgerBackend.MONGO ? database : bucket;
            if (place == null || place.isBlank()) {
                throw new SmartMigrationException(ErrorCode.INVALID_CONFIG, "the " + (backend == LedgerBackend.MONGO
                        ? "database" : "bucket") + " name is blank: name where the ledger lives");
            }
            ConfigValidator.requireLedgerName(name);
            if (clock == null) {
                throw new SmartMigrationException(ErrorCode.INVALID_CONFIG, "clock is null: pass a Clock, or leave the default");
            }
            if (instanceId != null && instanceId.isBlank()) {
                throw new SmartMigrationException(ErrorCode.INVALID_CONFIG,
                        "instanceId is blank: leave it unset or name this tool");
            }
            Ledger ledger = Ledgers.open(backend, mongoClient, database, s3Client, bucket, name, clock, TOOL_LEASE);
            return new MigrationLedger(ledger, name, backend, clock,
                    instanceId != null ? instanceId : InstanceIds.newInstanceId(), TOOL_LEASE);
        }
    }
}
