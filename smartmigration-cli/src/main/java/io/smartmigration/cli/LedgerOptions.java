package io.smartmigration.cli;

import java.time.Duration;
import java.util.Optional;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * Where the ledger is, and how to print: options of the top-level command that every command
 * inherits, so they may stand before or after the command name.
 */
final class LedgerOptions {

    @Option(names = "--mongo-uri", paramLabel = "URI", scope = ScopeType.INHERIT, order = 1,
            description = {"a MongoDB ledger (collection smartmigration_ledger)"})
    String mongoUri;

    @Option(names = "--database", paramLabel = "DB", scope = ScopeType.INHERIT, order = 2,
            description = {"its database; defaults to the one in the URI"})
    String database;

    @Option(names = "--bucket", paramLabel = "B", scope = ScopeType.INHERIT, order = 3,
            description = {"an S3 ledger (keys under .smartmigration/); credentials from the usual AWS sources"
                    + " (AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, AWS_PROFILE, ...)"})
    String bucket;

    @Option(names = "--s3-endpoint", paramLabel = "URL", scope = ScopeType.INHERIT, order = 4,
            description = {"for S3-compatible stores (path-style access)"})
    String s3Endpoint;

    @Option(names = "--region", paramLabel = "R", scope = ScopeType.INHERIT, order = 5,
            description = {"the bucket's region; else AWS_REGION, AWS_DEFAULT_REGION, else us-east-1"})
    String region;

    @Option(names = "--data-dir", paramLabel = "DIR", scope = ScopeType.INHERIT, order = 6,
            description = {"the ledger in an embedded data folder (the example app's .smartmigration-data), opened"
                    + " read-only: status and history only, while the application is stopped; --database defaults"
                    + " to the one holding a ledger"})
    String dataDir;

    @Option(names = "--ledger-name", paramLabel = "NAME", scope = ScopeType.INHERIT, order = 6,
            description = {"the ledger's name (default smartmigration)"})
    String ledgerName = "smartmigration";

    @Option(names = "--json", scope = ScopeType.INHERIT, order = 7,
            description = {"machine-readable output on stdout (errors too, as {\"error\": ...})"})
    boolean json;

    @Option(names = "--timeout", paramLabel = "SECONDS", scope = ScopeType.INHERIT, order = 8,
            description = {"how long to wait for the server (default 10)"})
    int timeoutSeconds = 10;

    boolean isMongo() {
        return mongoUri != null;
    }

    Optional<String> database() {
        return Optional.ofNullable(database);
    }

    Optional<String> s3Endpoint() {
        return Optional.ofNullable(s3Endpoint);
    }

    Optional<String> region() {
        return Optional.ofNullable(region);
    }

    Duration timeout() {
        return Duration.ofSeconds(timeoutSeconds);
    }

    Optional<String> dataDir() {
        return Optional.ofNullable(dataDir);
    }

    /**
     * The checks picocli cannot express: which options go together.
     *
     * @param command the command's name, for messages
     * @param writes  whether the command writes to the ledger (refused on a read-only {@code --data-dir})
     */
    void validate(String command, boolean writes) throws UsageException {
        requireValue("--data-dir", dataDir);
        requireValue("--mongo-uri", mongoUri);
        requireValue("--database", database);
        requireValue("--bucket", bucket);
        requireValue("--s3-endpoint", s3Endpoint);
        requireValue("--region", region);
        requireValue("--ledger-name", ledgerName);
        if (timeoutSeconds <= 0) {
            throw new UsageException("--timeout must be a whole number of seconds above 0, got '" + timeoutSeconds + "'");
        }
        if (dataDir != null) {
            if (mongoUri != null || bucket != null || s3Endpoint != null || region != null) {
                throw new UsageException("--data-dir opens an embedded data folder: give it alone, without --mongo-uri,"
                        + " --bucket, --s3-endpoint or --region");
            }
            if (writes) {
                throw new UsageException("--data-dir opens the data read-only, and " + command + " writes: run "
                        + command + " against a running server (--mongo-uri), or from the application");
            }
            return;
        }
        if ((mongoUri != null) == (bucket != null)) {
            throw new UsageException(mongoUri != null ? "give either --mongo-uri or --bucket, not both"
                    : "no ledger given: use --mongo-uri URI --database DB, --bucket B [--s3-endpoint URL], or --data-dir DIR");
        }
        if (mongoUri != null && (s3Endpoint != null || region != null)) {
            throw new UsageException("--s3-endpoint and --region apply to an S3 ledger (--bucket), not to --mongo-uri");
        }
        if (bucket != null && database != null) {
            throw new UsageException("--database applies to a Mongo ledger (--mongo-uri), not to --bucket");
        }
    }

    private static void requireValue(String option, String value) throws UsageException {
        if (value != null && value.isBlank()) {
            throw new UsageException(option + " needs a value");
        }
    }
}
