package io.smartmigration.safety;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import io.smartmigration.ErrorCode;
import io.smartmigration.SmartMigration;
import io.smartmigration.SmartMigrationException;
import io.smartmigration.embedded.EmbeddedMongo;
import io.smartmigration.embedded.EmbeddedS3;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.bson.codecs.ValueCodecProvider;
import org.bson.codecs.configuration.CodecRegistries;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The audit of "no exception other than SmartMigrationException leaves a public call": every public
 * call of a runner, against backends that fail in the ways a production backend does (a closed
 * client, a server that is down, an endpoint nothing listens on) and against an application client
 * whose codecs cannot encode a {@code Document}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("No public call lets anything but SmartMigrationException out")
class PublicCallsThrowOnlySmartMigrationExceptionTest {

    private EmbeddedMongo mongo;
    private EmbeddedS3 s3;

    @BeforeAll
    void start() {
        mongo = EmbeddedMongo.inMemory();
        s3 = EmbeddedS3.inMemory();
    }

    @AfterAll
    void stop() {
        mongo.close();
        s3.close();
    }

    /** Every public call on a built runner, by name. */
    private static Map<String, Consumer<SmartMigration>> publicCalls() {
        Map<String, Consumer<SmartMigration>> calls = new LinkedHashMap<>();
        calls.put("run", SmartMigration::run);
        calls.put("plan", SmartMigration::plan);
        calls.put("status", SmartMigration::status);
        calls.put("currentVersion", SmartMigration::currentVersion);
        calls.put("history", SmartMigration::history);
        calls.put("validate", SmartMigration::validate);
        calls.put("forceUnlock", SmartMigration::forceUnlock);
        calls.put("baseline", m -> m.baseline("1.0.0"));
        calls.put("baseline forced", m -> m.baseline("1.0.0", true));
        return calls;
    }

    private static SmartMigration.Builder chain() {
        return SmartMigration.builder().targetVersion("1.1.0").freshInstallVersion("1.1.0")
                .lockTtl(Duration.ofSeconds(2)).lockWait(Duration.ofSeconds(2))
                .step("s").from("1.0.0").to("1.1.0").up(ctx -> { });
    }

    /** Runs every public call on the runner {@code backend} builds; returns what escaped that is not ours. */
    private static List<String> escapes(String backend, Supplier<SmartMigration> runner) {
        List<String> escaped = new ArrayList<>();
        publicCalls().forEach((name, call) -> {
            Throwable thrown = catchThrowable(() -> call.accept(runner.get()));
            if (thrown != null && !(thrown instanceof SmartMigrationException)) {
                escaped.add(backend + ": " + name + " threw " + thrown);
            }
            if (thrown instanceof SmartMigrationException e && e.code() != ErrorCode.LEDGER_UNAVAILABLE) {
                escaped.add(backend + ": " + name + " threw " + e.code() + " instead of LEDGER_UNAVAILABLE: " + e);
            }
        });
        return escaped;
    }

    private MongoClientSettings.Builder quick() {
        return mongo.clientSettings().applyToClusterSettings(c -> c.serverSelectionTimeout(300, TimeUnit.MILLISECONDS));
    }

    @Test
    @DisplayName("GIVEN a closed MongoClient WHEN each public call runs THEN each throws LEDGER_UNAVAILABLE")
    void closedMongoClient() {
        MongoClient closed = MongoClients.create(quick().build());
        closed.close();

        assertThat(escapes("closed MongoClient", () -> chain().mongo(closed, "audit").build())).isEmpty();
    }

    @Test
    @DisplayName("GIVEN a MongoDB that does not answer WHEN each public call runs THEN each throws LEDGER_UNAVAILABLE")
    void unreachableMongo() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();   // nothing listens there once closed
        }
        int unused = port;
        try (MongoClient client = MongoClients.create(MongoClientSettings.builder()
                .applyToClusterSettings(c -> c.hosts(List.of(new com.mongodb.ServerAddress("127.0.0.1", unused)))
                        .serverSelectionTimeout(300, TimeUnit.MILLISECONDS)).build())) {
            assertThat(escapes("unreachable MongoDB", () -> chain().mongo(client, "audit").build())).isEmpty();
        }
    }

    @Test
    @DisplayName("GIVEN an application client whose codecs cannot encode a Document WHEN the chain runs and every"
            + " public call follows THEN nothing escapes: the ledger uses the driver's default codecs")
    void applicationCodecsAreNotInherited() {
        try (MongoClient client = MongoClients.create(quick().codecRegistry(
                CodecRegistries.fromProviders(new ValueCodecProvider())).build())) {
            List<String> escaped = new ArrayList<>();
            publicCalls().forEach((name, call) -> {
                Throwable thrown = catchThrowable(() -> call.accept(chain().mongo(client, "codecs").build()));
                if (thrown != null && !(thrown instanceof SmartMigrationException e
                        && e.code() == ErrorCode.BASELINE_REFUSED)) {
                    escaped.add(name + " threw " + thrown);
                }
            });

            assertThat(escaped).isEmpty();
        }
    }

    @Test
    @DisplayName("GIVEN a closed S3Client WHEN each public call runs THEN each throws LEDGER_UNAVAILABLE")
    void closedS3Client() {
        S3Client closed = s3.newClient();
        String bucket = s3.createBucket("audit-closed");
        closed.close();

        assertThat(escapes("closed S3Client", () -> chain().s3(closed, bucket).build())).isEmpty();
    }

    @Test
    @DisplayName("GIVEN an S3 endpoint nothing listens on WHEN each public call runs THEN each throws LEDGER_UNAVAILABLE")
    void unreachableS3() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        try (S3Client client = s3.clientBuilder().endpointOverride(URI.create("http://127.0.0.1:" + port)).build()) {
            assertThat(escapes("unreachable S3", () -> chain().s3(client, "audit").build())).isEmpty();
        }
    }

    @Test
    @DisplayName("GIVEN a null step or listener WHEN it is added to the builder THEN INVALID_CONFIG, not a NullPointerException")
    void nullArgumentsOnTheBuilder() {
        Throwable step = catchThrowable(() -> SmartMigration.builder().step((io.smartmigration.MigrationStep) null));
        Throwable listener = catchThrowable(() -> SmartMigration.builder().listener(null));

        assertThat(List.of(step, listener)).allSatisfy(e -> assertThat(e).isInstanceOfSatisfying(
                SmartMigrationException.class, sme -> assertThat(sme.code()).isEqualTo(ErrorCode.INVALID_CONFIG)));
    }
}
