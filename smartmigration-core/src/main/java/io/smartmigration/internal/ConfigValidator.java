package io.smartmigration.internal;

import static io.smartmigration.ErrorCode.CHAIN_GAP;
import static io.smartmigration.ErrorCode.DUPLICATE_STEP_ID;
import static io.smartmigration.ErrorCode.INVALID_CONFIG;
import static io.smartmigration.ErrorCode.INVALID_STEP_RANGE;

import io.smartmigration.LedgerBackend;
import io.smartmigration.MigrationStep;
import io.smartmigration.SmartMigrationException;
import io.smartmigration.internal.index.IndexDeclaration;
import io.smartmigration.internal.planner.Planner;
import io.smartmigration.internal.version.Versions;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** Everything {@code build()} checks, before any I/O and before any handler runs. */
public final class ConfigValidator {

    private static final Pattern LEDGER_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");

    private ConfigValidator() {
    }

    public static void validate(MigrationConfig config) {
        if (config.targetVersion() == null) {
            throw new SmartMigrationException(INVALID_CONFIG,
                    "targetVersion is not set: call .targetVersion(\"x.y.z\") with the data version this release expects");
        }
        Versions.require(config.targetVersion(), "targetVersion");
        validateBackends(config);
        validateDurations(config);
        requireLedgerName(config.ledgerName());
        config.freshInstallVersion().ifPresent(fresh -> {
            Versions.require(fresh, "freshInstallVersion");
            if (Versions.lower(config.targetVersion(), fresh)) {
                throw new SmartMigrationException(INVALID_CONFIG, "freshInstallVersion " + fresh
                        + " is newer than targetVersion " + config.targetVersion()
                        + ": a fresh install is stamped at or below the target; lower freshInstallVersion");
            }
        });
        validateChain(config.steps());
        Planner.requireTargetReachable(config.steps(), config.targetVersion());
    }

    /**
     * The index declarations, validated and canonical; none without touching the Mongo driver's
     * classes, so that an S3-only application (without the driver) builds.
     */
    public static List<IndexDeclaration> indexes(MigrationConfig config) {
        List<IndexDeclaration.Spec> specs = config.get(MigrationConfig.INDEX_SPECS);
        if (specs.isEmpty()) {
            return List.of();
        }
        if (!config.hasMongo()) {
            throw new SmartMigrationException(INVALID_CONFIG, specs.size() + " index declaration(s) (.index(\""
                    + specs.get(0).collection() + "\", ...)) but no Mongo: indexes are created in the Mongo database,"
                    + " so call .mongo(mongoClient, \"database\"), or remove the .index(...) calls of an S3-only"
                    + " application");
        }
        return IndexDeclaration.of(specs);
    }

    /** Throws INVALID_CONFIG unless {@code name} can name a ledger (a Mongo {@code _id}, an S3 key segment). */
    public static void requireLedgerName(String name) {
        if (name == null || !LEDGER_NAME.matcher(name).matches()) {
            throw new SmartMigrationException(INVALID_CONFIG, "ledgerName '" + name
                    + "' is not allowed: use 1 to 100 letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
    }

    private static void validateBackends(MigrationConfig config) {
        if (config.isSet(MigrationConfig.MONGO_CLIENT) && !config.hasMongo()) {
            throw new SmartMigrationException(INVALID_CONFIG, ".mongo(null, " + quoted(config.databaseName())
                    + ") was given a null MongoClient: pass the application's client, or leave .mongo(...) out for an"
                    + " S3-only application");
        }
        if (config.isSet(MigrationConfig.S3_CLIENT) && !config.hasS3()) {
            throw new SmartMigrationException(INVALID_CONFIG, ".s3(null, " + quoted(config.bucket())
                    + ") was given a null S3Client: pass the application's client, or leave .s3(...) out for a"
                    + " Mongo-only application");
        }
        if (!config.hasMongo() && !config.hasS3()) {
            throw new SmartMigrationException(INVALID_CONFIG,
                    "no backend is configured: call .mongo(mongoClient, \"database\") and/or .s3(s3Client, \"bucket\")");
        }
        if (config.hasMongo() && isBlank(config.databaseName())) {
            throw new SmartMigrationException(INVALID_CONFIG,
                    "the Mongo database name is blank: pass it with .mongo(mongoClient, \"database\")");
        }
        if (config.hasS3() && isBlank(config.bucket())) {
            throw new SmartMigrationException(INVALID_CONFIG,
                    "the S3 bucket name is blank: pass it with .s3(s3Client, \"bucket\")");
        }
        if (config.ledgerBackend() == LedgerBackend.MONGO && !config.hasMongo()) {
            throw new SmartMigrationException(INVALID_CONFIG,
                    "ledgerBackend(MONGO) needs Mongo: call .mongo(mongoClient, \"database\") or use ledgerBackend(S3)");
        }
        if (config.ledgerBackend() == LedgerBackend.S3 && !config.hasS3()) {
            throw new SmartMigrationException(INVALID_CONFIG,
                    "ledgerBackend(S3) needs a bucket: call .s3(s3Client, \"bucket\") or use ledgerBackend(MONGO)");
        }
    }

    private static void validateDurations(MigrationConfig config) {
        requireDuration("lockWait", config.lockWait(), true);
        requireDuration("lockTtl", config.lockTtl(), false);
        requireDuration("shutdownGrace", config.shutdownGrace(), false);
        if (config.lockTtl().toMillis() < 30) {
            throw new SmartMigrationException(INVALID_CONFIG, "lockTtl " + config.lockTtl()
                    + " is too short to be renewed in time: use at least 30 ms (minutes in production)");
        }
        if (config.clock() == null) {
            throw new SmartMigrationException(INVALID_CONFIG, "clock is null: pass a Clock, or leave the default");
        }
        if (config.lockPolicy() == null) {
            throw new SmartMigrationException(INVALID_CONFIG, "lockPolicy is null: use LockPolicy.WAIT or LockPolicy.SKIP");
        }
        if (isBlank(config.instanceId())) {
            throw new SmartMigrationException(INVALID_CONFIG, "instanceId is blank: leave it unset or name this instance");
        }
    }

    private static void requireDuration(String name, Duration value, boolean zeroAllowed) {
        if (value == null || value.isNegative() || (!zeroAllowed && value.isZero())) {
            throw new SmartMigrationException(INVALID_CONFIG, name + " is " + value + ": use a "
                    + (zeroAllowed ? "zero or positive" : "positive") + " Duration, for example Duration.ofMinutes(1)");
        }
    }

    private static void validateChain(List<MigrationStep> steps) {
        Map<String, Integer> positions = new HashMap<>();
        for (int i = 0; i < steps.size(); i++) {
            MigrationStep step = steps.get(i);
            String id = step.id();
            if (isBlank(id)) {
                throw new SmartMigrationException(INVALID_CONFIG,
                        "step #" + (i + 1) + " has a blank id: give every step a unique, stable id");
            }
            requireVersionCall(step, step.from(), "from");
            requireVersionCall(step, step.to(), "to");
            Versions.require(step.from(), "step '" + id + "' from");
            Versions.require(step.to(), "step '" + id + "' to");
            Integer earlier = positions.putIfAbsent(id, i);
            if (earlier != null) {
                throw new SmartMigrationException(DUPLICATE_STEP_ID, "steps #" + (earlier + 1) + " and #" + (i + 1)
                        + " share the id '" + id + "': step ids are recorded in the ledger and must be unique; rename one");
            }
            if (!Versions.lower(step.from(), step.to())) {
                throw new SmartMigrationException(INVALID_STEP_RANGE, "step '" + id + "' goes from " + step.from()
                        + " to " + step.to() + ": 'from' must be lower than 'to'");
            }
            if (i > 0) {
                MigrationStep previous = steps.get(i - 1);
                if (!Versions.same(previous.to(), step.from())) {
                    throw new SmartMigrationException(CHAIN_GAP, "step '" + previous.id() + "' ends at " + previous.to()
                            + " but the next step '" + id + "' starts at " + step.from()
                            + ": register steps in order so that each one starts where the previous one ends");
                }
            }
        }
    }

    /** A step without its from or to: a missing call (or a MigrationStep returning null), not a bad version. */
    private static void requireVersionCall(MigrationStep step, String version, String which) {
        if (version == null) {
            throw new SmartMigrationException(INVALID_CONFIG, "step '" + step.id() + "' has no '" + which + "' version: "
                    + (step instanceof InlineStep ? "call ." + which + "(\"x.y.z\") on the step builder, before .up(...)"
                    : "return it from " + which + "() in " + step.getClass().getName()));
        }
    }

    private static String quoted(String value) {
        return value == null ? "null" : "\"" + value + "\"";
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}
