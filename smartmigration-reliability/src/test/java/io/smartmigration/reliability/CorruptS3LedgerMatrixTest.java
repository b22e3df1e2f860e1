package io.smartmigration.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smartmigration.ErrorCode;
import io.smartmigration.SmartMigration;
import io.smartmigration.SmartMigrationException;
import io.smartmigration.embedded.EmbeddedS3;
import io.smartmigration.reliability.support.ChildResult;
import io.smartmigration.reliability.support.Children;
import io.smartmigration.reliability.support.MatrixTally;
import io.smartmigration.reliability.support.S3LedgerObjects;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The S3 ledger's newest state object damaged: truncated, not JSON at all, JSON that is not an
 * object, wrong types, missing fields, an unknown {@code schemaVersion}. Every entry point (run,
 * plan, currentVersion, history) fails with LEDGER_CORRUPT naming the object and what is wrong in
 * it, no handler runs, and every object under {@code .smartmigration/} keeps its bytes. One case
 * also runs as an app process, which exits non-zero with the code.
 */
@DisplayName("bad input: corrupt S3 ledger objects")
@ExtendWith(MatrixTally.class)
@Timeout(60)
class CorruptS3LedgerMatrixTest {

    private static final AtomicInteger BUCKETS = new AtomicInteger();
    private static EmbeddedS3 s3;
    private static S3Client client;
    private final Children children = new Children();

    @BeforeAll
    static void startServer() {
        s3 = EmbeddedS3.inMemory();
        client = s3.newClient();
    }

    @AfterAll
    static void stopServer() {
        client.close();
        s3.close();
    }

    @AfterEach
    void killChildren() {
        children.close();
    }

    static Stream<Arguments> damagedStates() {
        return Stream.of(
                // truncated
                damage("truncated to half", b -> Arrays.copyOf(b, b.length / 2)),
                damage("closing brace cut", b -> Arrays.copyOf(b, new String(b, StandardCharsets.UTF_8).lastIndexOf('}'))),
                damage("empty object", b -> new byte[0]),
                // not JSON
                damage("an XML error page", b -> bytes("<Error><Code>AccessDenied</Code></Error>"), "AccessDenied"),
                damage("plain text", b -> bytes("smartmigration ledger at 1.0.0"), "smartmigration ledger at 1.0.0"),
                damage("binary bytes", b -> new byte[] {0, (byte) 0xff, (byte) 0xfe, 7, 0}),
                damage("two JSON objects", b -> concat(b, b)),
                // JSON, not an object
                damage("a JSON array", b -> bytes("[1, 2, 3]"), "[1, 2, 3]"),
                damage("a JSON string", b -> bytes("\"1.0.0\""), "\"1.0.0\""),
                damage("JSON null", b -> bytes("null"), "null"),
                // wrong types
                damage("currentVersion a number", text("\"currentVersion\": \"1.0.0\"", "\"currentVersion\": 5"),
                        "currentVersion", "(5)"),
                damage("history a string", text("\"history\": [", "\"history\": \"none\", \"x\": ["), "history",
                        "\"none\""),
                damage("updatedAt a number", replaceField("updatedAt", "42"), "updatedAt", "(42)"),
                damage("sequence a string", replaceField("sequence", "\"7\""), "sequence", "\"7\""),
                damage("schemaVersion a string", text("\"schemaVersion\": 1", "\"schemaVersion\": \"1\""),
                        "schemaVersion", "\"1\""),
                // missing fields
                damage("schemaVersion missing", text("\"schemaVersion\": 1,", ""), "schemaVersion is missing"),
                damage("name missing", replaceField("name", null), "name is missing"),
                damage("history entry without stepId", text("\"stepId\": \"s0\",", ""), "history[0].stepId is missing"),
                // unknown schemaVersion and bad values
                damage("schemaVersion 2", text("\"schemaVersion\": 1", "\"schemaVersion\": 2"), "schemaVersion", "(2)"),
                damage("schemaVersion 0", text("\"schemaVersion\": 1", "\"schemaVersion\": 0"), "schemaVersion", "(0)"),
                damage("currentVersion not SemVer", text("\"currentVersion\": \"1.0.0\"", "\"currentVersion\": \"v1.0.0\""),
                        "\"v1.0.0\""),
                damage("history status unknown", text("\"status\": \"APPLIED\"", "\"status\": \"DONE\""), "\"DONE\""),
                damage("another ledger's name", replaceField("name", "\"other\""), "\"other\""));
    }

    private static Arguments damage(String name, UnaryOperator<byte[]> damage, String... named) {
        return Arguments.of(name, damage, List.of(named));
    }

    /** Replaces one exact piece of the state's JSON text (as the codec writes it); fails if it is not there. */
    private static UnaryOperator<byte[]> text(String from, String to) {
        return b -> {
            String json = new String(b, StandardCharsets.UTF_8);
            if (!json.contains(from)) {
                throw new AssertionError("the state " + json + " has no " + from);
            }
            return bytes(json.replaceFirst(java.util.regex.Pattern.quote(from), java.util.regex.Matcher.quoteReplacement(to)));
        };
    }

    /** Replaces the top-level field's value (a string or number up to the next comma), or removes the field. */
    private static UnaryOperator<byte[]> replaceField(String field, String value) {
        return b -> {
            String json = new String(b, StandardCharsets.UTF_8);
            String pattern = "\"" + field + "\": (\"[^\"]*\"|[^,}]*),?";
            if (!json.matches("(?s).*" + pattern + ".*")) {
                throw new AssertionError("the state " + json + " has no field " + field);
            }
            return bytes(json.replaceFirst(pattern, value == null ? "" : "\"" + field + "\": " + value + ","));
        };
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** A bucket whose S3 ledger is at 1.0.0 after one applied step. */
    private static String ledgerAtOneDotZero() {
        String bucket = s3.createBucket("corrupt-" + BUCKETS.incrementAndGet());
        SmartMigration.builder().targetVersion("1.0.0").s3(client, bucket)
                .step("s0").from("0.9.0").to("1.0.0").up(ctx -> { }).build().run();
        return bucket;
    }

    private static SmartMigration chain(String bucket) {
        return SmartMigration.builder().targetVersion("2.0.0").s3(client, bucket).lockWait(Duration.ofSeconds(2))
                .step("s0").from("0.9.0").to("1.0.0").up(ctx -> { })
                .step("s1").from("1.0.0").to("2.0.0").up(ctx -> ctx.s3().putObject(
                        b -> b.bucket(ctx.bucket()).key("touched"),
                        software.amazon.awssdk.core.sync.RequestBody.fromString("x")))
                .build();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("damagedStates")
    @DisplayName("a damaged newest state is LEDGER_CORRUPT naming the object and what is wrong, from every entry point; every ledger object keeps its bytes")
    void damagedStateIsReportedAndKept(String name, UnaryOperator<byte[]> damage, List<String> named) {
        // GIVEN an S3 ledger whose newest state object was damaged
        String bucket = ledgerAtOneDotZero();
        S3LedgerObjects ledger = new S3LedgerObjects(client, bucket);
        String key = ledger.newestStateKey();
        ledger.overwrite(key, damage.apply(ledger.read(key).getBytes(StandardCharsets.UTF_8)));
        Map<String, String> before = ledger.all();
        SmartMigration migration = chain(bucket);

        // WHEN every entry point reads it THEN LEDGER_CORRUPT naming the object and the value, nothing written
        for (Executable call : List.<Executable>of(migration::run, migration::plan, migration::currentVersion,
                migration::history, migration::status, migration::validate, migration::forceUnlock,
                () -> migration.baseline("1.0.0", true))) {
            assertThatThrownBy(call::execute).isInstanceOfSatisfying(SmartMigrationException.class, e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.LEDGER_CORRUPT);
                assertThat(e.getMessage()).contains("s3://" + bucket + "/" + key);
                named.forEach(value -> assertThat(e.getMessage()).contains(value));
            });
        }
        assertThat(ledger.all()).isEqualTo(before);
        assertThat(client.listObjectsV2(b -> b.bucket(bucket)).contents()).noneMatch(o -> o.key().equals("touched"));
    }

    @Test
    @DisplayName("an app process booting on a truncated S3 ledger state exits non-zero with LEDGER_CORRUPT and leaves every ledger object as it was")
    void appProcessOnTruncatedState() {
        String bucket = ledgerAtOneDotZero();
        S3LedgerObjects ledger = new S3LedgerObjects(client, bucket);
        String key = ledger.newestStateKey();
        byte[] state = ledger.read(key).getBytes(StandardCharsets.UTF_8);
        ledger.overwrite(key, Arrays.copyOf(state, state.length / 3));
        Map<String, String> before = ledger.all();

        ChildResult result = children.start("truncated", List.of("chain=markers", "s3=" + s3.endpoint(),
                "bucket=" + bucket)).awaitExit(Duration.ofSeconds(60));

        assertThat(result.exitCode()).as(result.tail()).isNotZero();
        assertThat(result.error()).contains(ErrorCode.LEDGER_CORRUPT);
        assertThat(result.errorMessage()).contains("s3://" + bucket + "/" + key);
        assertThat(ledger.all()).isEqualTo(before);
    }
}
