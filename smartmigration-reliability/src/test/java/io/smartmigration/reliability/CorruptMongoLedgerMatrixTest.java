package io.smartmigration.reliability;

import io.smartmigration.reliability.support.SharedMongoWithChildren;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smartmigration.ErrorCode;
import io.smartmigration.SmartMigration;
import io.smartmigration.SmartMigrationException;
import io.smartmigration.reliability.support.ChildResult;
import io.smartmigration.reliability.support.MatrixTally;
import io.smartmigration.reliability.support.MongoLedgerDoc;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.bson.Document;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Ledger documents that are not a ledger smartmigration can read: wrong types, missing fields,
 * an unknown {@code schemaVersion}. Every entry point that reads the ledger (run, plan,
 * currentVersion, history) fails with LEDGER_CORRUPT naming the field and the value found, no
 * handler runs, and the document's bytes are the same afterwards. One case also runs as an app
 * process, which exits non-zero with the code.
 */
@DisplayName("bad input: corrupt Mongo ledger documents")
@ExtendWith(MatrixTally.class)
@Timeout(60)
class CorruptMongoLedgerMatrixTest extends SharedMongoWithChildren {

    private static final AtomicInteger DATABASES = new AtomicInteger();

    /** A readable ledger at 1.0.0 with one history entry, a lock that expired and a checkpoint. */
    private static Document valid() {
        Date t = new Date(1_700_000_000_000L);
        return new Document("schemaVersion", 1).append("currentVersion", "1.0.0").append("updatedAt", t)
                .append("lock", new Document("owner", "old").append("token", "t-1").append("host", "h")
                        .append("acquiredAt", t).append("expiresAt", t))
                .append("checkpoint", new Document("stepId", "s1").append("data", new Document("k", "v")).append("updatedAt", t))
                .append("history", List.of(new Document("stepId", "s0").append("from", "0.9.0").append("to", "1.0.0")
                        .append("status", "APPLIED").append("skipForward", false).append("startedAt", t)
                        .append("finishedAt", t).append("durationMs", 5L).append("owner", "old").append("error", null)));
    }

    private static Document history0(Document ledger) {
        return ledger.getList("history", Document.class).get(0);
    }

    static Stream<Arguments> corruptLedgers() {
        return Stream.of(
                // wrong types
                corrupt("currentVersion a number", d -> d.append("currentVersion", 5), "currentVersion", "(5)"),
                corrupt("currentVersion a boolean", d -> d.append("currentVersion", true), "currentVersion", "true"),
                corrupt("currentVersion a document", d -> d.append("currentVersion", new Document("v", "1.0.0")),
                        "currentVersion", "1.0.0"),
                corrupt("currentVersion a list", d -> d.append("currentVersion", List.of("1.0.0")), "currentVersion", "[1.0.0]"),
                corrupt("updatedAt a string", d -> d.append("updatedAt", "yesterday"), "updatedAt", "\"yesterday\""),
                corrupt("history a string", d -> d.append("history", "not a list"), "history", "\"not a list\""),
                corrupt("history entry a string", d -> d.append("history", List.of("applied s0")), "history[0]",
                        "\"applied s0\""),
                corrupt("history status unknown", d -> { history0(d).append("status", "DONE"); return d; },
                        "history[0].status", "\"DONE\""),
                corrupt("history startedAt a string", d -> { history0(d).append("startedAt", "noon"); return d; },
                        "history[0].startedAt", "\"noon\""),
                corrupt("history durationMs a string", d -> { history0(d).append("durationMs", "fast"); return d; },
                        "history[0].durationMs", "\"fast\""),
                corrupt("history stepId a number", d -> { history0(d).append("stepId", 7); return d; },
                        "history[0].stepId", "(7)"),
                corrupt("lock a string", d -> d.append("lock", "held"), "lock", "\"held\""),
                corrupt("lock expiresAt a string", d -> { d.get("lock", Document.class).append("expiresAt", "soon"); return d; },
                        "lock.expiresAt", "\"soon\""),
                corrupt("checkpoint a number", d -> d.append("checkpoint", 42), "checkpoint", "(42)"),
                corrupt("checkpoint value a number", d -> { d.get("checkpoint", Document.class)
                        .append("data", new Document("lastId", 1200)); return d; }, "checkpoint.data.lastId", "(1200)"),
                // missing fields
                corrupt("schemaVersion missing", d -> { d.remove("schemaVersion"); return d; }, "schemaVersion is missing"),
                corrupt("history stepId missing", d -> { history0(d).remove("stepId"); return d; },
                        "history[0].stepId is missing"),
                corrupt("history from missing", d -> { history0(d).remove("from"); return d; }, "history[0].from is missing"),
                corrupt("history finishedAt missing", d -> { history0(d).remove("finishedAt"); return d; },
                        "history[0].finishedAt is missing"),
                corrupt("lock token missing", d -> { d.get("lock", Document.class).remove("token"); return d; },
                        "lock.token is missing"),
                corrupt("lock owner missing", d -> { d.get("lock", Document.class).remove("owner"); return d; },
                        "lock.owner is missing"),
                corrupt("checkpoint stepId missing", d -> { d.get("checkpoint", Document.class).remove("stepId"); return d; },
                        "checkpoint.stepId is missing"),
                corrupt("checkpoint data missing", d -> { d.get("checkpoint", Document.class).remove("data"); return d; },
                        "checkpoint.data is missing"),
                // unknown schemaVersion
                corrupt("schemaVersion 2", d -> d.append("schemaVersion", 2), "schemaVersion", "(2)"),
                corrupt("schemaVersion 0", d -> d.append("schemaVersion", 0), "schemaVersion", "(0)"),
                corrupt("schemaVersion -1", d -> d.append("schemaVersion", -1), "schemaVersion", "(-1)"),
                corrupt("schemaVersion 1.5", d -> d.append("schemaVersion", 1.5), "schemaVersion", "(1.5)"),
                corrupt("schemaVersion 999", d -> d.append("schemaVersion", 999L), "schemaVersion", "(999)"),
                corrupt("schemaVersion the string 1", d -> d.append("schemaVersion", "1"), "schemaVersion", "\"1\""),
                corrupt("schemaVersion null", d -> d.append("schemaVersion", null), "schemaVersion is missing"),
                // the seven of issue 12 item 7 not covered above: forceUnlock had cleared the lock before failing
                corrupt("currentVersion 2.0", d -> d.append("currentVersion", "2.0"), "currentVersion", "\"2.0\""),
                corrupt("currentVersion the number 2", d -> d.append("currentVersion", 2), "currentVersion", "(2)"),
                corrupt("history to missing", d -> { history0(d).remove("to"); return d; }, "history[0].to is missing"),
                corrupt("schemaVersion 99", d -> d.append("schemaVersion", 99), "schemaVersion", "(99)"));
    }

    private static Arguments corrupt(String name, UnaryOperator<Document> damage, String... named) {
        return Arguments.of(name, damage, List.of(named));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corruptLedgers")
    @DisplayName("a corrupt ledger is LEDGER_CORRUPT naming the field and value from run, plan, currentVersion, history,"
            + " status, validate, forceUnlock and baseline, bytes unchanged")
    void corruptLedgerIsReportedAndKept(String name, UnaryOperator<Document> damage, List<String> named) {
        // GIVEN a ledger document damaged in one place
        String db = "corrupt_" + DATABASES.incrementAndGet();
        MongoLedgerDoc ledger = new MongoLedgerDoc(client, db);
        ledger.replace(damage.apply(valid()));
        byte[] before = ledger.bytes();
        SmartMigration migration = SmartMigration.builder().targetVersion("2.0.0").mongo(client, db)
                .lockWait(Duration.ofSeconds(2))
                .step("s1").from("1.0.0").to("2.0.0").up(ctx -> ctx.mongo().getCollection("touched").insertOne(new Document()))
                .build();

        // WHEN every entry point reads it THEN LEDGER_CORRUPT naming what is wrong, and nothing written
        for (Executable call : List.<Executable>of(migration::run, migration::plan, migration::currentVersion,
                migration::history, migration::status, migration::validate, migration::forceUnlock,
                () -> migration.baseline("1.0.0", true))) {
            assertThatThrownBy(call::execute).isInstanceOfSatisfying(SmartMigrationException.class, e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.LEDGER_CORRUPT);
                assertThat(e.getMessage()).contains(named);
            });
        }
        assertThat(ledger.bytes()).isEqualTo(before);
        assertThat(client.getDatabase(db).listCollectionNames()).containsOnly(MongoLedgerDoc.COLLECTION);
    }

    @Test
    @DisplayName("a checkpoint position the batch iterator cannot read is LEDGER_CORRUPT naming it; nothing processed, only the lock was taken and given back")
    void unreadableCheckpointPosition() {
        // GIVEN a ledger at 1.0.0 whose checkpoint for the resumable step holds a position that is not JSON
        String db = "corrupt_" + DATABASES.incrementAndGet();
        MongoLedgerDoc ledger = new MongoLedgerDoc(client, db);
        Document damaged = valid();
        damaged.append("checkpoint", new Document("stepId", "backfill")
                .append("data", new Document("documents:items:lastId", "{not json")).append("updatedAt", new Date()));
        ledger.replace(damaged);
        client.getDatabase(db).getCollection("items").insertOne(new Document("_id", 1).append("n", 1));
        Document before = ledger.read().orElseThrow();

        // WHEN an app process resumes the step
        ChildResult result = children.start("checkpoint", List.of("chain=items", "mongo=" + mongo.connectionString(),
                "db=" + db)).awaitExit(Duration.ofSeconds(60));

        // THEN LEDGER_CORRUPT naming the value, no item touched, the ledger as it was but for the lease
        assertThat(result.exitCode()).as(result.tail()).isNotZero();
        assertThat(result.error()).contains(ErrorCode.LEDGER_CORRUPT);
        assertThat(result.errorMessage()).contains("\"{not json\"", "documents:items:lastId");
        assertThat(client.getDatabase(db).getCollection("items").find().first()).isEqualTo(new Document("_id", 1).append("n", 1));
        Document after = ledger.read().orElseThrow();
        assertThat(after.get("lock")).isNull();
        for (String field : List.of("schemaVersion", "currentVersion", "checkpoint", "history")) {
            assertThat(after.get(field)).as(field).isEqualTo(before.get(field));
        }
    }

    @Test
    @DisplayName("an app process booting on a corrupt ledger exits non-zero with LEDGER_CORRUPT and leaves the bytes as they were")
    void appProcessOnCorruptLedger() {
        String db = "corrupt_process";
        MongoLedgerDoc ledger = new MongoLedgerDoc(client, db);
        ledger.replace(valid().append("schemaVersion", 2));
        byte[] before = ledger.bytes();

        ChildResult result = children.start("corrupt", List.of("chain=items", "mongo=" + mongo.connectionString(),
                "db=" + db)).awaitExit(Duration.ofSeconds(60));

        assertThat(result.exitCode()).as(result.tail()).isNotZero();
        assertThat(result.error()).contains(ErrorCode.LEDGER_CORRUPT);
        assertThat(result.errorMessage()).contains("schemaVersion", "(2)");
        assertThat(ledger.bytes()).isEqualTo(before);
    }
}
