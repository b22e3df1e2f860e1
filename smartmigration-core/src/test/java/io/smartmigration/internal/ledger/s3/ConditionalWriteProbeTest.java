package io.smartmigration.internal.ledger.s3;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.smartmigration.MigrationResult;
import io.smartmigration.SmartMigration;
import io.smartmigration.scenarios.S3TestBackend;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

@DisplayName("The conditional-write probe")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(30)
class ConditionalWriteProbeTest {

    /** Makes the embedded store behave like one that ignores conditional writes: the header never reaches it. */
    private static final ExecutionInterceptor STRIP_IF_NONE_MATCH = new ExecutionInterceptor() {
        @Override
        public SdkHttpRequest modifyHttpRequest(Context.ModifyHttpRequest context, ExecutionAttributes attributes) {
            return context.httpRequest().toBuilder().removeHeader("If-None-Match").build();
        }
    };

    private final S3TestBackend s3 = new S3TestBackend();
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
    private final Logger ledgerLog = (Logger) LoggerFactory.getLogger(S3Ledger.class);
    private S3Client ignoring;

    @BeforeEach
    void setUp() {
        s3.newNamespace();
        ignoring = s3.server().clientBuilder()
                .overrideConfiguration(c -> c.addExecutionInterceptor(STRIP_IF_NONE_MATCH)).build();
        logged.list.clear();
        logged.start();
        ledgerLog.addAppender(logged);
    }

    @AfterEach
    void tearDown() {
        ledgerLog.detachAppender(logged);
        ignoring.close();
    }

    @AfterAll
    void stop() {
        s3.close();
    }

    private SmartMigration.Builder chain(S3Client client, String target, AtomicInteger runs) {
        SmartMigration.Builder builder = SmartMigration.builder().targetVersion(target).s3(client, s3.bucket())
                .lockTtl(Duration.ofSeconds(5));
        builder.step("a").from("1.0.0").to("1.1.0").up(ctx -> runs.incrementAndGet());
        builder.step("b").from("1.1.0").to("1.2.0").up(ctx -> runs.incrementAndGet());
        return builder;
    }

    @Test
    @DisplayName("GIVEN the simulated store really ignores If-None-Match THEN a second create-only PUT overwrites")
    void simulationIgnoresTheHeader() {
        ignoring.putObject(b -> b.bucket(s3.bucket()).key("k").ifNoneMatch("*"), RequestBody.fromString("first"));
        ignoring.putObject(b -> b.bucket(s3.bucket()).key("k").ifNoneMatch("*"), RequestBody.fromString("second"));

        assertThat(s3.client().getObjectAsBytes(b -> b.bucket(s3.bucket()).key("k")).asUtf8String()).isEqualTo("second");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> s3.client().putObject(
                        b -> b.bucket(s3.bucket()).key("k").ifNoneMatch("*"), RequestBody.fromString("third")))
                .as("the store itself honours the header").isInstanceOfSatisfying(S3Exception.class,
                        e -> assertThat(e.statusCode()).isEqualTo(412));
    }

    @Test
    @DisplayName("GIVEN a store that ignores conditional writes WHEN two runs migrate THEN both results say the lock is"
            + " best-effort, one WARN is logged, and the migration still works")
    void ignoringStoreIsReportedOnceAndStillWorks() {
        AtomicInteger runs = new AtomicInteger();

        MigrationResult first = chain(ignoring, "1.1.0", runs).build().run();
        MigrationResult second = chain(ignoring, "1.2.0", runs).build().run();

        assertThat(first.reachedTarget()).isTrue();
        assertThat(second.reachedTarget()).isTrue();
        assertThat(runs).hasValue(2);
        assertThat(first.warnings()).singleElement().asString()
                .contains("ignores conditional writes", "best-effort", s3.server().endpoint().toString());
        assertThat(second.warnings()).isEqualTo(first.warnings());
        assertThat(logged.list).filteredOn(e -> e.getLevel() == Level.WARN).singleElement()
                .satisfies(e -> assertThat(e.getFormattedMessage()).contains("ignores conditional writes"));
    }

    @Test
    @DisplayName("GIVEN a store that honours conditional writes THEN the result has no warning and nothing is logged at WARN")
    void honouringStoreIsQuiet() {
        MigrationResult result = chain(s3.client(), "1.2.0", new AtomicInteger()).build().run();

        assertThat(result.warnings()).isEmpty();
        assertThat(logged.list).noneMatch(e -> e.getLevel().isGreaterOrEqual(Level.WARN));
    }
}
