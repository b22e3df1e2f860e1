package io.smartmigration.cli;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import io.smartmigration.MigrationLedger;
import io.smartmigration.SmartMigration;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.S3Configuration;

/** The client and the ledger for one command; closing it closes the client. */
final class LedgerConnection implements AutoCloseable {

    private final AutoCloseable client;
    private final MigrationLedger ledger;
    private final AutoCloseable server;

    private LedgerConnection(AutoCloseable client, MigrationLedger ledger) {
        this(client, ledger, null);
    }

    private LedgerConnection(AutoCloseable client, MigrationLedger ledger, AutoCloseable server) {
        this.client = client;
        this.ledger = ledger;
        this.server = server;
    }

    static LedgerConnection open(LedgerOptions args, Map<String, String> env) throws UsageException {
        String instanceId = "smartmigration-cli@" + SmartMigration.defaultInstanceId();
        if (args.dataDir().isPresent()) {
            return DataDir.open(Path.of(args.dataDir().get()), args, instanceId);
        }
        return args.isMongo() ? mongo(args, instanceId) : s3(args, env, instanceId);
    }

    /** A connection to a ledger in a MongoDB the CLI serves itself (an embedded data folder); closing stops it. */
    static LedgerConnection served(MongoClient client, MigrationLedger ledger, AutoCloseable server) {
        return new LedgerConnection(client, ledger, server);
    }

    MigrationLedger ledger() {
        return ledger;
    }

    private static LedgerConnection mongo(LedgerOptions args, String instanceId) throws UsageException {
        ConnectionString uri;
        try {
            uri = new ConnectionString(args.mongoUri);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--mongo-uri is not a MongoDB connection string: " + e.getMessage());
        }
        String database = args.database().or(() -> Optional.ofNullable(uri.getDatabase())).orElseThrow(() ->
                new UsageException("no database: pass --database DB, or name it in the URI (mongodb://host/DB)"));
        long millis = args.timeout().toMillis();
        MongoClient client = MongoClients.create(MongoClientSettings.builder()
                .applyConnectionString(uri)
                .applicationName("smartmigration-cli")
                .applyToClusterSettings(c -> c.serverSelectionTimeout(millis, TimeUnit.MILLISECONDS))
                .applyToSocketSettings(s -> s.connectTimeout((int) millis, TimeUnit.MILLISECONDS)
                        .readTimeout((int) millis, TimeUnit.MILLISECONDS))
                .build());
        try {
            return new LedgerConnection(client, MigrationLedger.mongo(client, database).name(args.ledgerName)
                    .instanceId(instanceId).build());
        } catch (RuntimeException e) {
            client.close();
            throw e;
        }
    }

    private static LedgerConnection s3(LedgerOptions args, Map<String, String> env, String instanceId)
            throws UsageException {
        String region = args.region().or(() -> Optional.ofNullable(env.get("AWS_REGION")))
                .or(() -> Optional.ofNullable(env.get("AWS_DEFAULT_REGION"))).orElse("us-east-1");
        Duration timeout = args.timeout();
        S3ClientBuilder builder = S3Client.builder()
                .region(Region.of(region))
                .credentialsProvider(DefaultCredentialsProvider.builder().build())
                .httpClientBuilder(Apache5HttpClient.builder().connectionTimeout(timeout).socketTimeout(timeout))
                .overrideConfiguration(ClientOverrideConfiguration.builder().apiCallTimeout(timeout.multipliedBy(3)).build());
        if (args.s3Endpoint().isPresent()) {
            URI endpoint;
            try {
                endpoint = URI.create(args.s3Endpoint().get());
            } catch (IllegalArgumentException e) {
                throw new UsageException("--s3-endpoint is not a URL: " + args.s3Endpoint().get());
            }
            if (endpoint.getScheme() == null || endpoint.getHost() == null) {
                throw new UsageException("--s3-endpoint needs a scheme and a host, e.g. http://127.0.0.1:9000, got "
                        + args.s3Endpoint().get());
            }
            builder.endpointOverride(endpoint)
                    .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build());
        }
        S3Client client = builder.build();
        try {
            return new LedgerConnection(client, MigrationLedger.s3(client, args.bucket).name(args.ledgerName)
                    .instanceId(instanceId).build());
        } catch (RuntimeException e) {
            client.close();
            throw e;
        }
    }

    @Override
    public void close() {
        for (AutoCloseable resource : new AutoCloseable[] {client, server}) {
            try {
                if (resource != null) {
                    resource.close();
                }
            } catch (Exception e) {
                // closing after a command has nothing left to report
            }
        }
    }
}
