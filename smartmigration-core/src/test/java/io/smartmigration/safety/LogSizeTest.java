package io.smartmigration.safety;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import ch.qos.logback.classic.spi.ILoggingEvent;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import io.smartmigration.ErrorCode;
import io.smartmigration.HistoryEntry;
import io.smartmigration.LockPolicy;
import io.smartmigration.MigrationListener;
import io.smartmigration.MigrationResult;
import io.smartmigration.Outcome;
import io.smartmigration.SmartMigration;
import io.smartmigration.SmartMigrationException;
import io.smartmigration.embedded.EmbeddedMongo;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.stream.IntStream;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * No log event of the library is longer than a few KB whatever the data (issue 12 item 8: resuming
 * a step whose checkpoint held a 5 MB value logged a 5,000,059-character INFO line). Every event of
 * {@code io.smartmigration...} is captured at DEBUG and measured as an appender prints it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("Log events stay a few KB whatever the data")
class LogSizeTest {

    /** "A few KB". */
    private static final int MAX_EVENT = 4_096;
    private static final String FIVE_MB = "x".repeat(5_000_000);
    private static final String ONE_MB = "y".repeat(1_000_000);

    private EmbeddedMongo mongo;
    private MongoClient client;
    private LogCapture logs;
    private int databases;
    private String db;

    @BeforeAll
    void start() {
        mongo = EmbeddedMongo.inMemory();
        client = mongo.newClient();
    }

    @AfterAll
    void stop() {
        client.close();
        mongo.close();
    }

    @BeforeEach
    void capture() {
        logs = new LogCapture();
        db = "logs_" + ++databases;
    }

    @AfterEach
    void release() {
        logs.close();
    }

    private MongoCollection<Document> ledger() {
        return client.getDatabase(db).getCollection("smartmigration_ledger");
    }

    private static Document ledgerAt(String version) {
        return new Document("_id", "smartmigration").append("schemaVersion", 1).append("currentVersion", version)
                .append("updatedAt", new Date()).append("lock", null).append("checkpoint", null).append("history", List.of());
    }

    private void assertEveryEventIsSmall(String expectedFragment) {
        List<ILoggingEvent> events = logs.events();
        assertThat(events).as("the event the scenario is about was logged")
                .anySatisfy(e -> assertThat(e.getFormattedMessage()).contains(expectedFragment));
        assertThat(events).allSatisfy(e -> assertThat(LogCapture.printedLength(e))
                .as("%s event of %s: %.300s", e.getLevel(), e.getLoggerName(), e.getFormattedMessage())
                .isLessThanOrEqualTo(MAX_EVENT));
    }

    @Test
    @DisplayName("GIVEN a checkpoint holding a 5 MB value WHEN its step resumes THEN the resume line names the keys"
            + " and value sizes, with values cut")
    void resumeWithAHugeCheckpointValue() {
        ledger().insertOne(ledgerAt("1.0.0").append("checkpoint", new Document("stepId", "big")
                .append("data", new Document("blob", FIVE_MB).append("next", "3")).append("updatedAt", new Date())));

        SmartMigration.builder().targetVersion("1.1.0").mongo(client, db)
                .step("big").from("1.0.0").to("1.1.0").resumable()
                .up(ctx -> assertThat(ctx.checkpoint().get("blob")).hasValueSatisfying(v -> assertThat(v).hasSize(5_000_000)))
                .build().run();

        assertEveryEventIsSmall("blob=(5000000 chars)");
    }

    @Test
    @DisplayName("GIVEN a handler that throws with a 5 MB message WHEN the step fails THEN the ERROR line, the"
            + " exception's message and the FAILED history entry are all cut")
    void failureWithAHugeMessage() {
        SmartMigration migration = SmartMigration.builder().targetVersion("1.1.0").mongo(client, db)
                .step("boom").from("1.0.0").to("1.1.0").up(ctx -> {
                    throw new IllegalStateException(FIVE_MB);
                }).build();

        SmartMigrationException failed = catchThrowableOfType(SmartMigrationException.class, migration::run);

        assertThat(failed.code()).isEqualTo(ErrorCode.STEP_FAILED);
        assertThat(failed.getMessage().length()).isLessThan(MAX_EVENT);
        List<HistoryEntry> history = migration.history();
        assertThat(history).hasSize(1);
        assertThat(history.get(0).error()).hasValueSatisfying(error -> assertThat(error.length()).isLessThan(MAX_EVENT + 100));
        assertEveryEventIsSmall("failed after");
    }

    @Test
    @DisplayName("GIVEN a listener that throws with a 5 MB message WHEN a run calls it THEN its WARN line is cut"
            + " and carries no stack trace of that message")
    void listenerWithAHugeMessage() {
        MigrationResult result = SmartMigration.builder().targetVersion("1.1.0").mongo(client, db)
                .listener(new MigrationListener() {
                    @Override
                    public void afterRun(MigrationResult r) {
                        throw new IllegalArgumentException(FIVE_MB);
                    }
                })
                .step("s").from("1.0.0").to("1.1.0").up(ctx -> { }).build().run();

        assertThat(result.outcome()).isEqualTo(Outcome.MIGRATED);
        assertEveryEventIsSmall("threw in afterRun");
    }

    @Test
    @DisplayName("GIVEN a ledger whose history holds 2,000 entries of steps no longer"
            + " registered WHEN a run checks the history THEN the WARN report is cut")
    void hugeHistoryMismatch() {
        List<Document> history = new ArrayList<>();
        Date t = new Date();
        IntStream.range(0, 2_000).forEach(i -> history.add(new Document("stepId", "gone-" + i + "-" + "z".repeat(200))
                .append("from", "1.0.0").append("to", "1.1.0").append("status", "APPLIED").append("skipForward", false)
                .append("startedAt", t).append("finishedAt", t).append("durationMs", 1L).append("owner", "old")
                .append("error", null)));
        ledger().insertOne(ledgerAt("1.1.0").append("history", history));

        MigrationResult result = SmartMigration.builder().targetVersion("1.1.0").mongo(client, db)
                .step("s").from("1.0.0").to("1.1.0").up(ctx -> { }).build().run();

        assertThat(result.outcome()).isEqualTo(Outcome.NO_OP);
        assertEveryEventIsSmall("problem(s) in the history");
    }

    @Test
    @DisplayName("GIVEN a live lock whose owner and host are 1 MB strings WHEN another instance skips it THEN the"
            + " line naming the holder is cut")
    void hugeLockHolder() {
        ledger().insertOne(ledgerAt("1.0.0").append("lock", new Document("owner", ONE_MB).append("token", "t")
                .append("host", ONE_MB).append("acquiredAt", new Date())
                .append("expiresAt", Date.from(new Date().toInstant().plus(Duration.ofHours(1))))));

        MigrationResult result = SmartMigration.builder().targetVersion("1.1.0").mongo(client, db)
                .lockPolicy(LockPolicy.SKIP).step("s").from("1.0.0").to("1.1.0").up(ctx -> { }).build().run();

        assertThat(result.outcome()).isEqualTo(Outcome.LOCK_HELD_SKIPPED);
        assertEveryEventIsSmall("skipping (LockPolicy.SKIP)");
    }

    @Test
    @DisplayName("GIVEN documents whose _id is a 1 MB string WHEN a walk over them is killed and resumed THEN the"
            + " progress and resume lines cut the position")
    void hugeIdsInAWalk() {
        client.getDatabase(db).getCollection("items").insertMany(IntStream.range(0, 6)
                .mapToObj(i -> new Document("_id", i + ONE_MB)).toList());
        java.util.concurrent.atomic.AtomicBoolean killed = new java.util.concurrent.atomic.AtomicBoolean();
        java.util.function.Supplier<SmartMigration> chain = () -> SmartMigration.builder().targetVersion("1.1.0")
                .mongo(client, db).lockTtl(Duration.ofSeconds(2)).lockWait(Duration.ofSeconds(30))
                .step("walk").from("1.0.0").to("1.1.0").resumable()
                .up(ctx -> ctx.forEachDocumentBatch("items", 2, batch -> {
                    if (batch.get(0).getString("_id").startsWith("4") && !killed.getAndSet(true)) {
                        throw new io.smartmigration.spi.SimulatedProcessDeath("killed at the third batch");
                    }
                })).build();

        catchThrowableOfType(io.smartmigration.spi.SimulatedProcessDeath.class, () -> chain.get().run());
        chain.get().run();

        assertEveryEventIsSmall("resuming walk 1 over collection 'items' after _id");
    }

    @Test
    @DisplayName("GIVEN a ledger whose version field is a 5 MB string WHEN a run reads it THEN the LEDGER_CORRUPT"
            + " message quotes it cut")
    void corruptLedgerWithAHugeField() {
        ledger().insertOne(ledgerAt("1.0.0").append("currentVersion", FIVE_MB));

        SmartMigrationException corrupt = catchThrowableOfType(SmartMigrationException.class,
                () -> SmartMigration.builder().targetVersion("1.1.0").mongo(client, db)
                        .step("s").from("1.0.0").to("1.1.0").up(ctx -> { }).build().run());

        assertThat(corrupt.code()).isEqualTo(ErrorCode.LEDGER_CORRUPT);
        assertThat(corrupt.getMessage().length()).isLessThan(MAX_EVENT);
        assertThat(corrupt.getMessage()).contains("currentVersion", "chars, cut]");
    }
}
