package io.smartmigration.internal.ledger.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smartmigration.ErrorCode;
import io.smartmigration.SmartMigration;
import io.smartmigration.SmartMigrationException;
import io.smartmigration.embedded.EmbeddedS3;
import io.smartmigration.scenarios.S3TestBackend;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

@DisplayName("The S3 ledger on bad input and unreachable stores")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(30)
class S3LedgerFailuresTest {

    private static final String PREFIX = ".smartmigration/smartmigration/";

    private final S3TestBackend s3 = new S3TestBackend();

    @BeforeEach
    void freshBucket() {
        s3.newNamespace();
    }

    @AfterAll
    void stop() {
        s3.close();
    }

    private SmartMigration.Builder chain(S3Client client, String bucket) {
        return SmartMigration.builder().targetVersion("1.1.0").s3(client, bucket)
                .step("touch").from("1.0.0").to("1.1.0")
                .up(ctx -> ctx.s3().putObject(b -> b.bucket(ctx.bucket()).key("touched"), RequestBody.fromString("x")));
    }

    private List<String> keys(String prefix) {
        return s3.client().listObjectsV2(b -> b.bucket(s3.bucket()).prefix(prefix)).contents().stream()
                .map(S3Object::key).toList();
    }

    private byte[] get(String key) {
        return s3.client().getObjectAsBytes(b -> b.bucket(s3.bucket()).key(key)).asByteArray();
    }

    static Stream<Arguments> corruptStates() {
        String valid = "{\"name\": \"smartmigration\", \"schemaVersion\": 1, \"sequence\": 1, \"currentVersion\": \"1.0.0\"";
        return Stream.of(
                Arguments.of("not JSON", "this is not JSON"),
                Arguments.of("empty", ""),
                Arguments.of("truncated", valid + ", \"history\": [{\"stepId\": \"a\""),
                Arguments.of("a JSON array", "[]"),
                Arguments.of("version as a number", valid.replace("\"1.0.0\"", "5") + "}"),
                Arguments.of("version not SemVer", valid.replace("\"1.0.0\"", "\"v1\"") + "}"),
                Arguments.of("unknown schemaVersion", valid.replace("\"schemaVersion\": 1", "\"schemaVersion\": 2") + "}"),
                Arguments.of("schemaVersion missing", valid.replace("\"schemaVersion\": 1, ", "") + "}"),
                Arguments.of("lock as a string", valid + ", \"lock\": \"held\"}"),
                Arguments.of("history entry without its fields", valid + ", \"history\": [{\"from\": \"1.0.0\"}]}"),
                Arguments.of("checkpoint value as a number", valid
                        + ", \"checkpoint\": {\"stepId\": \"a\", \"data\": {\"k\": 1}}}"),
                Arguments.of("duplicate member", valid + ", \"lock\": null, \"lock\": null}"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corruptStates")
    @DisplayName("GIVEN a newest ledger state that is not a ledger state WHEN runs, plans and reads THEN LEDGER_CORRUPT"
            + " names the object, and its bytes and the ledger's objects stay exactly as they were")
    void corruptStateIsNeverOverwritten(String what, String content) {
        S3Ledger ledger = new S3Ledger(s3.client(), s3.bucket(), "smartmigration", Clock.systemUTC());
        String key = new S3StateStore(s3.client(), s3.bucket(), "smartmigration").key(1);
        s3.client().putObject(b -> b.bucket(s3.bucket()).key(key), RequestBody.fromString(content));
        List<String> objectsBefore = keys(PREFIX);
        SmartMigration migration = chain(s3.client(), s3.bucket()).build();

        assertThatThrownBy(migration::run).as(what).isInstanceOfSatisfying(SmartMigrationException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.LEDGER_CORRUPT))
                .hasMessageContaining("s3://" + s3.bucket() + "/" + key).hasMessageContaining("Nothing was changed");
        assertThatThrownBy(migration::plan).isInstanceOfSatisfying(SmartMigrationException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.LEDGER_CORRUPT));
        assertThatThrownBy(ledger::read).isInstanceOf(SmartMigrationException.class);

        assertThat(get(key)).asString(StandardCharsets.UTF_8).isEqualTo(content);
        assertThat(keys(PREFIX)).isEqualTo(objectsBefore);
        assertThat(keys("touched")).as("no handler ran").isEmpty();
    }

    @Test
    @DisplayName("GIVEN a corrupt newest state WHEN a lock is requested directly THEN nothing is written on top of it")
    void corruptStateRefusesEveryWrite() {
        S3Ledger ledger = new S3Ledger(s3.client(), s3.bucket(), "smartmigration", Clock.systemUTC());
        String key = new S3StateStore(s3.client(), s3.bucket(), "smartmigration").key(1);
        s3.client().putObject(b -> b.bucket(s3.bucket()).key(key), RequestBody.fromString("{\"truncated\": "));
        var now = java.time.Instant.now();

        assertThatThrownBy(() -> ledger.tryAcquire("a", "h", now, now.plusSeconds(60)))
                .isInstanceOfSatisfying(SmartMigrationException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.LEDGER_CORRUPT));
        assertThatThrownBy(() -> ledger.stamp("1.0.0", io.smartmigration.internal.ledger.HistoryCodec.stamped(
                "<test>", java.util.Optional.empty(), "1.0.0", "t", now), now))
                .isInstanceOfSatisfying(SmartMigrationException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.LEDGER_CORRUPT));
        assertThat(keys(PREFIX + "states/")).containsExactly(key);
    }

    @Test
    @DisplayName("GIVEN a bucket that does not exist WHEN run THEN INVALID_CONFIG names the bucket")
    void missingBucket() {
        assertThatThrownBy(() -> chain(s3.client(), "no-such-bucket").build().run())
                .isInstanceOfSatisfying(SmartMigrationException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_CONFIG))
                .hasMessageContaining("'no-such-bucket' does not exist")
                .hasMessageContaining(s3.server().endpoint().toString());
    }

    @Test
    @DisplayName("GIVEN an endpoint nothing listens on WHEN run THEN LEDGER_UNAVAILABLE names the endpoint")
    void unreachableEndpoint() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        String endpoint = "http://127.0.0.1:" + closedPort;
        try (S3Client unreachable = s3.server().clientBuilder().endpointOverride(java.net.URI.create(endpoint))
                .overrideConfiguration(c -> c.retryStrategy(RetryMode.STANDARD)).build()) {

            assertThatThrownBy(() -> chain(unreachable, "any-bucket").build().run())
                    .isInstanceOfSatisfying(SmartMigrationException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.LEDGER_UNAVAILABLE))
                    .hasMessageContaining(endpoint);
        }
    }

    @Test
    @DisplayName("GIVEN credentials the store refuses WHEN run THEN LEDGER_UNAVAILABLE says access was denied at the endpoint")
    void accessDenied() {
        try (S3Client denied = s3.server().clientBuilder().credentialsProvider(StaticCredentialsProvider.create(
                AwsBasicCredentials.create(EmbeddedS3.ACCESS_KEY, "wrong-secret"))).build()) {

            assertThatThrownBy(() -> chain(denied, s3.bucket()).build().run())
                    .isInstanceOfSatisfying(SmartMigrationException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.LEDGER_UNAVAILABLE))
                    .hasMessageContaining("access denied to bucket '" + s3.bucket() + "'")
                    .hasMessageContaining(s3.server().endpoint().toString());
        }
    }

    @Test
    @DisplayName("GIVEN a ledger at the target WHEN run again THEN it lists and reads one state: no probe, no lock, no write")
    void noOpRunOnlyReads() {
        chain(s3.client(), s3.bucket()).build().run();
        List<String> requests = new CopyOnWriteArrayList<>();
        ExecutionInterceptor recorder = new ExecutionInterceptor() {
            @Override
            public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                SdkRequest request = context.request();
                requests.add(request.getClass().getSimpleName());
            }
        };
        try (S3Client counted = s3.server().clientBuilder()
                .overrideConfiguration(c -> c.addExecutionInterceptor(recorder)).build()) {

            var result = chain(counted, s3.bucket()).build().run();

            assertThat(result.outcome()).isEqualTo(io.smartmigration.Outcome.NO_OP);
            assertThat(requests).containsExactly("ListObjectsV2Request", "GetObjectRequest");
        }
    }

    @Test
    @DisplayName("a store that honours conditional writes gives no warning and keeps no probe object")
    void honouringStoreHasNoWarning() {
        var result = chain(s3.client(), s3.bucket()).lockTtl(Duration.ofSeconds(5)).build().run();

        assertThat(result.reachedTarget()).isTrue();
        assertThat(result.warnings()).isEmpty();
        assertThat(keys(PREFIX)).allMatch(k -> k.startsWith(PREFIX + "states/"));
    }
}
