package io.smartmigration.cli;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import io.smartmigration.internal.InstanceIds;
import io.smartmigration.internal.ops.LedgerTools;
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

/** The client and the ledger tools for one command; closing it closes the client. */
final class LedgerConnection implements AutoCloseable {

    private final AutoCloseable client;
    private final LedgerTools tools;
    private final AutoCloseable server;

    private LedgerConnection(AutoCloseable client, LedgerTools tools) {
        this(client, tools, null);
    }

    private LedgerConnection(AutoCloseable client, LedgerTools tools, AutoCloseable server) {
        this.client = client;
        this.tools = tools;
        this.server = server;
    }

    static LedgerConnection open(CliArgs args, Map<String, String> env) throws UsageException {
        String instanceId = "smartmigration-cli@" + InstanceIds.newInstanceId();
        if (args.dataDir().isPresent()) {
            return DataDir.open(Path.of(args.dataDir().get()), args, instanceId);
        }
        return args.isMongo() ? mongo(args, instanceId) : s3(args, env, instanceId);
    }

    /** A connection to a ledger in a MongoDB the CLI serves itself (an embedded data folder); closing stops it. */
    static LedgerConnection served(MongoClient client, LedgerTools tools, AutoCloseable server) {
        return new LedgerConnection(client, tools, server);
    }

    LedgerTools tools() {
        return tools;
    }

    private static LedgerConnection mongo(CliArgs args, String instanceId) throws UsageException {
        ConnectionString uri;
        try {
            uri = new ConnectionString(args.mongoUri().orElseThrow());
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
            return new LedgerConnection(client, LedgerTools.mongo(client, database, args.ledgerName(), instanceId));
        } catch (RuntimeException e) {
            client.close();
            throw e;
        }
    }

    private static LedgerConnection s3(CliArgs args, Map<String, String> env, String instanceId) throws UsageException {
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
            return new LedgerConnection(client, LedgerTools.s3(client, args.bucket().orElseThrow(), args.ledgerName(),
                    instanceId));
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
