package io.smartmigration.reliability.app;

import java.util.Objects;
import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.ReadConcern;
import com.mongodb.ReadPreference;
import com.mongodb.WriteConcern;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import io.smartmigration.AppliedStep;
import io.smartmigration.LedgerBackend;
import io.smartmigration.MigrationResult;
import io.smartmigration.SmartMigration;
import io.smartmigration.SmartMigrationException;
import io.smartmigration.embedded.EmbeddedS3;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.bson.Document;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;

/**
 * One application instance, run as its own JVM by the reliability tests: connects to the given
 * MongoDB and/or S3 endpoint, builds a chain from {@link Chains}, calls {@code run()} once, prints
 * one machine-readable result line (see {@link Progress}) and exits: {@code 0} after a result,
 * {@value #EXIT_MIGRATION_ERROR} after a {@link SmartMigrationException} (its code is printed),
 * {@value #EXIT_OTHER_ERROR} after anything else.
 *
 * <pre>
 * java -cp ... io.smartmigration.reliability.app.AppInstance chain=markers \
 *      mongo=mongodb://127.0.0.1:41234 db=boots_1 lockTtlMs=2000 barrier=true
 * </pre>
 *
 * Arguments: {@code chain} (markers, items, objects), {@code mongo} + {@code db}, {@code s3} +
 * {@code bucket} (embedded S3 credentials), {@code ledger} (MONGO or S3), {@code ledgerName}, {@code instance},
 * {@code lockTtlMs}, {@code lockWaitMs}, {@code batch}, {@code batchDelayMs} (a sleep per batch, by default
 * after the batch's data write; {@code delayAt=beforeWrite} puts it before),
 * {@code serverSelectionMs}, {@code clockOffsetMs} (this instance's clock runs that far ahead, negative:
 * behind), {@code shutdownGraceMs}, {@code barrier} (print READY, then wait for a line on standard input
 * before running, so several instances can be released at once); the client's own defaults
 * {@code writeConcern} ({@code w0}, {@code w1}, {@code majority}), {@code readPreference}
 * ({@code secondaryPreferred}, ...), {@code readConcern} ({@code local}, ...), and {@code audit=true}
 * (check every command sent for the ledger, see {@link LedgerAudit}).
 */
public final class AppInstance {

    public static final int EXIT_MIGRATION_ERROR = 2;
    public static final int EXIT_OTHER_ERROR = 3;

    private AppInstance() {
    }

    private static LedgerAudit audit;

    public static void main(String[] argv) {
        Progress progress = new Progress(System.out);
        int status;
        try {
            status = run(AppArgs.parse(argv), progress);
        } catch (SmartMigrationException e) {
            progress.line("ERROR code=" + e.code() + " message=" + oneLine(e.getMessage()));
            status = EXIT_MIGRATION_ERROR;
        } catch (Throwable e) {
            progress.line("ERROR code=NONE message=" + oneLine(e.toString()));
            e.printStackTrace(System.out);
            status = EXIT_OTHER_ERROR;
        }
        if (audit != null) {
            progress.line(audit.summary());
        }
        System.out.flush();
        // halt: no shutdown hooks, no waiting for driver threads; the result line is already out
        Runtime.getRuntime().halt(status);
    }

    private static int run(AppArgs args, Progress progress) throws Exception {
        Optional<MongoClient> mongo = args.get("mongo").map(uri -> mongoClient(uri, args));
        Optional<S3Client> s3 = args.get("s3").map(AppInstance::s3Client);
        SmartMigration.Builder builder = SmartMigration.builder()
                .targetVersion(args.get("target").orElse(Chains.TARGET))
                .lockTtl(args.millis("lockTtlMs", 2_000))
                .lockWait(args.millis("lockWaitMs", 60_000));
        args.get("instance").ifPresent(builder::instanceId);
        // a clock that disagrees with the other instances' (clock-skew rounds); history instants only
        args.get("clockOffsetMs").map(Long::parseLong).ifPresent(offset ->
                builder.clock(java.time.Clock.offset(java.time.Clock.systemUTC(), Duration.ofMillis(offset))));
        args.get("shutdownGraceMs").map(Long::parseLong).map(Duration::ofMillis).ifPresent(builder::shutdownGrace);
        args.get("ledgerName").ifPresent(builder::ledgerName);
        mongo.ifPresent(client -> builder.mongo(client, args.require("db")));
        s3.ifPresent(client -> builder.s3(client, args.require("bucket")));
        args.get("ledger").map(LedgerBackend::valueOf).ifPresent(builder::ledgerBackend);
        SmartMigration migration = Chains.add(args.require("chain"), builder, args, progress).build();
        if (Boolean.parseBoolean(args.get("barrier").orElse("false"))) {
            // connect before the barrier, so the race starts with warm connections
            mongo.ifPresent(client -> client.getDatabase(args.require("db")).runCommand(new Document("ping", 1)));
            progress.line("READY pid=" + ProcessHandle.current().pid());
            new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        }
        MigrationResult result = migration.run();
        progress.line("RESULT outcome=" + result.outcome()
                + " before=" + result.currentVersionBefore().orElse("-")
                + " after=" + Objects.requireNonNullElse(result.currentVersionAfter(), "-")
                + " applied=" + result.stepsApplied().stream().map(AppliedStep::id).collect(Collectors.joining(","))
                + " ms=" + result.totalDurationMs());
        return 0;
    }

    private static MongoClient mongoClient(String uri, AppArgs args) {
        long selectionMs = args.millis("serverSelectionMs", 5_000).toMillis();
        MongoClientSettings.Builder settings = MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString(uri))
                .applicationName("reliability-app")
                .applyToClusterSettings(c -> c.serverSelectionTimeout(selectionMs, TimeUnit.MILLISECONDS))
                .applyToSocketSettings(s -> s.connectTimeout(2, TimeUnit.SECONDS).readTimeout(20, TimeUnit.SECONDS));
        args.get("writeConcern").map(w -> switch (w) {
            case "w0" -> WriteConcern.UNACKNOWLEDGED;
            case "w1" -> WriteConcern.W1;
            case "majority" -> WriteConcern.MAJORITY;
            default -> throw new IllegalArgumentException("writeConcern must be w0, w1 or majority, got " + w);
        }).ifPresent(settings::writeConcern);
        args.get("readPreference").map(ReadPreference::valueOf).ifPresent(settings::readPreference);
        args.get("readConcern").map(level -> new ReadConcern(com.mongodb.ReadConcernLevel.fromString(level)))
                .ifPresent(settings::readConcern);
        if (Boolean.parseBoolean(args.get("audit").orElse("false"))) {
            audit = new LedgerAudit();
            settings.addCommandListener(audit);
        }
        return MongoClients.create(settings.build());
    }

    private static S3Client s3Client(String endpoint) {
        return S3Client.builder()
                .endpointOverride(URI.create(endpoint))
                .region(EmbeddedS3.REGION)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(EmbeddedS3.ACCESS_KEY,
                        EmbeddedS3.SECRET_KEY)))
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build())
                .httpClientBuilder(Apache5HttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(2))
                        .socketTimeout(Duration.ofSeconds(20)))
                .build();
    }

    private static String oneLine(String text) {
        return text == null ? "" : text.replace('\n', ' ').replace('\r', ' ');
    }
}
