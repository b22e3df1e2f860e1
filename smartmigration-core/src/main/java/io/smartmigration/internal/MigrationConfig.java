package io.smartmigration.internal;

import com.mongodb.client.MongoClient;
import io.smartmigration.LedgerBackend;
import io.smartmigration.LockPolicy;
import io.smartmigration.MigrationListener;
import io.smartmigration.MigrationStep;
import io.smartmigration.internal.index.IndexDeclaration;
import java.time.Clock;
import java.time.Duration;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Every setting of one runner, immutable: what {@code SmartMigration.Builder} collects,
 * {@code build()} validates ({@link ConfigValidator}) and the runner reads.
 *
 * <p>Each setting is a typed {@link Setting} key declared once below, with its default, next to
 * its accessor. The builder stores values by key in a {@link Settings} map, so copying a builder
 * and building a runner carry every setting without naming it. <b>Adding a setting</b>: a key and
 * an accessor here, a setter on the builder ({@code return set(MigrationConfig.KEY, value);}),
 * and its check in {@link ConfigValidator} if it has one. See ARCHITECTURE.md, "Settings".
 *
 * @param values every setting that was set; an absent key means its default
 */
public record MigrationConfig(Map<Setting<?>, Object> values) {

    public static final Setting<String> TARGET_VERSION = new Setting<>("targetVersion", null);
    public static final Setting<MongoClient> MONGO_CLIENT = new Setting<>("mongoClient", null);
    public static final Setting<String> DATABASE_NAME = new Setting<>("databaseName", null);
    public static final Setting<S3Client> S3_CLIENT = new Setting<>("s3Client", null);
    public static final Setting<String> BUCKET = new Setting<>("bucket", null);
    public static final Setting<String> LEDGER_NAME = new Setting<>("ledgerName", "smartmigration");
    /** Unset: MONGO when Mongo is configured, else S3. */
    public static final Setting<LedgerBackend> LEDGER_BACKEND = new Setting<>("ledgerBackend", null);
    public static final Setting<Duration> LOCK_WAIT = new Setting<>("lockWait", Duration.ofMinutes(1));
    public static final Setting<Duration> LOCK_TTL = new Setting<>("lockTtl", Duration.ofMinutes(10));
    public static final Setting<LockPolicy> LOCK_POLICY = new Setting<>("lockPolicy", LockPolicy.WAIT);
    public static final Setting<String> FRESH_INSTALL_VERSION = new Setting<>("freshInstallVersion", null);
    public static final Setting<Boolean> FAIL_IF_DATA_AHEAD = new Setting<>("failIfDataAhead", false);
    public static final Setting<Clock> CLOCK = new Setting<>("clock", Clock.systemUTC());
    /** Unset: a new {@code host/pid/random} id per built runner. */
    public static final Setting<String> INSTANCE_ID = new Setting<>("instanceId", null);
    public static final Setting<Boolean> VALIDATE_ON_RUN = new Setting<>("validateOnRun", false);
    public static final Setting<List<MigrationListener>> LISTENERS = new Setting<>("listeners", List.of());
    public static final Setting<List<MigrationStep>> STEPS = new Setting<>("steps", List.of());
    /** The index declarations as the builder received them; converted by {@code build()} into {@link #INDEXES}. */
    public static final Setting<List<IndexDeclaration.Spec>> INDEX_SPECS = new Setting<>("indexSpecs", List.of());
    /** The validated, canonical index declarations (set by {@code build()}). */
    public static final Setting<List<IndexDeclaration>> INDEXES = new Setting<>("indexes", List.of());
    /** How long a JVM shutdown waits for the running step to stop and release the lock. */
    public static final Setting<Duration> SHUTDOWN_GRACE = new Setting<>("shutdownGrace", Duration.ofSeconds(10));

    public MigrationConfig {
        values = Collections.unmodifiableMap(new HashMap<>(values));   // a null value is kept: validate() names it
    }

    /** One setting: its name (for messages) and its value when none was set. */
    public static final class Setting<T> {
        private final String name;
        private final T defaultValue;

        Setting(String name, T defaultValue) {
            this.name = name;
            this.defaultValue = defaultValue;
        }

        public String name() {
            return name;
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /** The mutable settings of a builder; {@link #freeze()} gives the immutable config. */
    public static final class Settings {
        private final Map<Setting<?>, Object> values;

        public Settings() {
            this(new HashMap<>());
        }

        private Settings(Map<Setting<?>, Object> values) {
            this.values = values;
        }

        public <T> void set(Setting<T> key, T value) {
            values.put(key, value);
        }

        public <T> T get(Setting<T> key) {
            return MigrationConfig.get(values, key);
        }

        /** Appends to a list setting. */
        public <T> void add(Setting<List<T>> key, T item) {
            List<T> list = new java.util.ArrayList<>(get(key));
            list.add(item);
            set(key, List.copyOf(list));
        }

        /** An independent copy: values are immutable, so a shallow copy is a deep one. */
        public Settings copy() {
            return new Settings(new HashMap<>(values));
        }

        /** The immutable config, with the defaults that depend on the process filled in. */
        public MigrationConfig freeze() {
            Map<Setting<?>, Object> frozen = new HashMap<>(values);
            if (get(INSTANCE_ID) == null) {
                frozen.put(INSTANCE_ID, InstanceIds.newInstanceId());
            }
            return new MigrationConfig(frozen);
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> T get(Map<Setting<?>, Object> values, Setting<T> key) {
        return values.containsKey(key) ? (T) values.get(key) : key.defaultValue;
    }

    public <T> T get(Setting<T> key) {
        return get(values, key);
    }

    public String targetVersion() {
        return get(TARGET_VERSION);
    }

    public MongoClient mongoClient() {
        return get(MONGO_CLIENT);
    }

    public String databaseName() {
        return get(DATABASE_NAME);
    }

    public S3Client s3Client() {
        return get(S3_CLIENT);
    }

    public String bucket() {
        return get(BUCKET);
    }

    public String ledgerName() {
        return get(LEDGER_NAME);
    }

    public LedgerBackend ledgerBackend() {
        LedgerBackend chosen = get(LEDGER_BACKEND);
        return chosen != null ? chosen : hasMongo() ? LedgerBackend.MONGO : LedgerBackend.S3;
    }

    public Duration lockWait() {
        return get(LOCK_WAIT);
    }

    public Duration lockTtl() {
        return get(LOCK_TTL);
    }

    public LockPolicy lockPolicy() {
        return get(LOCK_POLICY);
    }

    public Optional<String> freshInstallVersion() {
        return Optional.ofNullable(get(FRESH_INSTALL_VERSION));
    }

    public boolean failIfDataAhead() {
        return get(FAIL_IF_DATA_AHEAD);
    }

    public Clock clock() {
        return get(CLOCK);
    }

    public String instanceId() {
        return get(INSTANCE_ID);
    }

    public boolean validateOnRun() {
        return get(VALIDATE_ON_RUN);
    }

    public List<MigrationListener> listeners() {
        return get(LISTENERS);
    }

    public List<MigrationStep> steps() {
        return get(STEPS);
    }

    public List<IndexDeclaration> indexes() {
        return get(INDEXES);
    }

    /** Whether {@code key} was set, even to null (a null client passed to {@code .s3(null, ...)}). */
    public boolean isSet(Setting<?> key) {
        return values.containsKey(key);
    }

    /** This config with one more setting. */
    public <T> MigrationConfig with(Setting<T> key, T value) {
        Map<Setting<?>, Object> next = new HashMap<>(values);
        next.put(key, value);
        return new MigrationConfig(next);
    }

    public Duration shutdownGrace() {
        return get(SHUTDOWN_GRACE);
    }

    public boolean hasMongo() {
        return mongoClient() != null;
    }

    public boolean hasS3() {
        return s3Client() != null;
    }

    @Override
    public String toString() {
        return "MigrationConfig[target=" + targetVersion() + ", ledger=" + ledgerName() + " in " + ledgerBackend()
                + ", steps=" + steps().size() + "]";
    }
}
