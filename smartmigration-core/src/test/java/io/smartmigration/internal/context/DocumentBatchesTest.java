package io.smartmigration.internal.context;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import io.smartmigration.ErrorCode;
import io.smartmigration.MigrationResult;
import io.smartmigration.SmartMigration;
import io.smartmigration.SmartMigrationException;
import io.smartmigration.spi.SimulatedProcessDeath;
import io.smartmigration.scenarios.MongoTestBackend;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

@DisplayName("The collection batch iterator")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(60)
class DocumentBatchesTest {

    private static final int DOCUMENTS = 1000;
    private static final int BATCH = 100;

    private final MongoTestBackend mongo = new MongoTestBackend();
    private MongoCollection<Document> notes;

    @BeforeEach
    void seed() {
        mongo.newNamespace();
        notes = mongo.client().getDatabase(mongo.database()).getCollection("notes");
        List<Document> docs = new ArrayList<>();
        IntStream.range(0, DOCUMENTS).forEach(i -> docs.add(new Document("_id", i).append("kind", i % 2 == 0 ? "even" : "odd")));
        notes.insertMany(docs);
    }

    @AfterAll
    void stop() {
        mongo.close();
    }

    /** Counts visits with $inc: not idempotent on purpose, so a document processed twice shows. */
    private SmartMigration.Builder visiting(AtomicInteger batchesStarted, int killBeforeBatch) {
        // a lease short enough for the next run to take a killed run's lock over soon, long enough for
        // every ledger call (each bounded by the time left on it) on a loaded machine
        return SmartMigration.builder().targetVersion("1.1.0").mongo(mongo.client(), mongo.database())
                .lockTtl(Duration.ofSeconds(2)).lockWait(Duration.ofSeconds(30))
                .step("visit").from("1.0.0").to("1.1.0").resumable()
                .up(ctx -> ctx.forEachDocumentBatch("notes", BATCH, batch -> {
                    if (batchesStarted.incrementAndGet() == killBeforeBatch) {
                        throw new SimulatedProcessDeath("killed before batch " + killBeforeBatch);
                    }
                    ctx.mongo().getCollection("notes").updateMany(
                            Filters.in("_id", batch.stream().map(d -> d.get("_id")).toList()), Updates.inc("visits", 1));
                }));
    }

    @Test
    @DisplayName("a step killed after batch 4 resumes at batch 5 and visits every document exactly once")
    void resumesAfterLastFinishedBatch() {
        AtomicInteger batches = new AtomicInteger();
        assertThatThrownBy(() -> visiting(batches, 5).build().run()).isInstanceOf(SimulatedProcessDeath.class);
        assertThat(notes.countDocuments(Filters.eq("visits", 1))).isEqualTo(4L * BATCH);

        MigrationResult resumed = visiting(new AtomicInteger(), -1).build().run();

        assertThat(resumed.reachedTarget()).isTrue();
        assertThat(notes.countDocuments(Filters.eq("visits", 1))).isEqualTo(DOCUMENTS);
        assertThat(notes.countDocuments(Filters.ne("visits", 1))).isZero();
    }

    @Test
    @DisplayName("a cursor the server drops between two batches is reopened after the last finished batch:"
            + " every document is visited exactly once")
    void reopensADroppedCursor() {
        AtomicInteger batches = new AtomicInteger();
        MigrationResult result = SmartMigration.builder().targetVersion("1.1.0").mongo(mongo.client(), mongo.database())
                .step("visit").from("1.0.0").to("1.1.0").resumable()
                .up(ctx -> ctx.forEachDocumentBatch("notes", BATCH, batch -> {
                    ctx.mongo().getCollection("notes").updateMany(
                            Filters.in("_id", batch.stream().map(d -> d.get("_id")).toList()), Updates.inc("visits", 1));
                    if (batches.incrementAndGet() == 3) {
                        // as a server does with a cursor left idle past its timeout (ids are sequential here)
                        List<Long> ids = LongStream.rangeClosed(1, 10_000).boxed().toList();
                        ctx.mongo().runCommand(new Document("killCursors", "notes").append("cursors", ids));
                    }
                }))
                .build().run();

        assertThat(result.reachedTarget()).isTrue();
        assertThat(notes.countDocuments(Filters.eq("visits", 1))).isEqualTo(DOCUMENTS);
        assertThat(batches.get()).isEqualTo(DOCUMENTS / BATCH);
    }

    @Test
    @DisplayName("a filter limits the walk, in _id order, and the count of documents handed out is returned")
    void filterAndOrder() {
        List<Object> seen = new ArrayList<>();
        AtomicInteger returned = new AtomicInteger();
        SmartMigration.builder().targetVersion("1.1.0").mongo(mongo.client(), mongo.database())
                .step("odd").from("1.0.0").to("1.1.0")
                .up(ctx -> returned.set((int) ctx.forEachDocumentBatch("notes", Filters.eq("kind", "odd"), 64,
                        batch -> batch.forEach(d -> seen.add(d.get("_id"))))))
                .build().run();

        assertThat(seen).hasSize(DOCUMENTS / 2).isSortedAccordingTo((a, b) -> Integer.compare((int) a, (int) b))
                .allMatch(id -> (int) id % 2 == 1);
        assertThat(returned.get()).isEqualTo(DOCUMENTS / 2);
    }

    @Test
    @DisplayName("a checkpoint position that is not one the iterator wrote is LEDGER_CORRUPT naming it, and no batch runs")
    void unreadableCheckpointIsLedgerCorrupt() {
        // GIVEN a ledger at 1.0.0 whose checkpoint for the step holds a position that is not JSON
        mongo.client().getDatabase(mongo.database()).getCollection("smartmigration_ledger").insertOne(
                new Document("_id", "smartmigration").append("schemaVersion", 1).append("currentVersion", "1.0.0")
                        .append("lock", null).append("history", List.of())
                        .append("checkpoint", new Document("stepId", "visit")
                                .append("data", new Document("documents:notes:lastId", "garbage"))));
        AtomicInteger batches = new AtomicInteger();

        // WHEN the step resumes THEN LEDGER_CORRUPT names the value, and nothing was processed
        assertThatThrownBy(() -> visiting(batches, -1).build().run())
                .isInstanceOfSatisfying(SmartMigrationException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.LEDGER_CORRUPT))
                .hasMessageContaining("\"garbage\"").hasMessageContaining("documents:notes:lastId");
        assertThat(batches.get()).isZero();
        assertThat(notes.countDocuments(Filters.exists("visits"))).isZero();
    }

    @Test
    @DisplayName("two walks over one collection in one step each see every document they select")
    void twoWalksOverOneCollection() {
        AtomicInteger first = new AtomicInteger();
        AtomicInteger second = new AtomicInteger();
        SmartMigration.builder().targetVersion("1.1.0").mongo(mongo.client(), mongo.database())
                .step("two-passes").from("1.0.0").to("1.1.0").resumable().up(ctx -> {
                    ctx.forEachDocumentBatch("notes", Filters.eq("kind", "even"), BATCH, b -> first.addAndGet(b.size()));
                    ctx.forEachDocumentBatch("notes", Filters.eq("kind", "odd"), BATCH, b -> second.addAndGet(b.size()));
                }).build().run();

        assertThat(first.get()).isEqualTo(DOCUMENTS / 2);
        assertThat(second.get()).isEqualTo(DOCUMENTS / 2);
    }

    @Test
    @DisplayName("a step killed in its second walk resumes there, without walking the finished first walk again")
    void resumeSkipsFinishedWalk() {
        AtomicInteger firstWalkDocs = new AtomicInteger();
        AtomicInteger secondWalkBatches = new AtomicInteger();
        java.util.function.Supplier<SmartMigration.Builder> chain = () -> SmartMigration.builder().targetVersion("1.1.0")
                .mongo(mongo.client(), mongo.database()).lockTtl(Duration.ofSeconds(2)).lockWait(Duration.ofSeconds(30))
                .step("two-passes").from("1.0.0").to("1.1.0").resumable().up(ctx -> {
                    ctx.forEachDocumentBatch("notes", BATCH, b -> firstWalkDocs.addAndGet(b.size()));
                    ctx.forEachDocumentBatch("notes", BATCH, b -> {
                        if (secondWalkBatches.incrementAndGet() == 3) {
                            throw new SimulatedProcessDeath("killed in the second walk");
                        }
                        ctx.mongo().getCollection("notes").updateMany(
                                Filters.in("_id", b.stream().map(d -> d.get("_id")).toList()), Updates.inc("visits", 1));
                        // a document past the first walk's end: walking that walk again would see it
                        ctx.mongo().getCollection("notes").insertOne(new Document("_id", 100_000 + secondWalkBatches.get()));
                    });
                });
        assertThatThrownBy(() -> chain.get().build().run()).isInstanceOf(SimulatedProcessDeath.class);

        chain.get().build().run();

        assertThat(firstWalkDocs.get()).as("the first walk ran once").isEqualTo(DOCUMENTS);
        assertThat(notes.countDocuments(Filters.and(Filters.lt("_id", DOCUMENTS), Filters.eq("visits", 1))))
                .isEqualTo(DOCUMENTS);
    }


    @Test
    @DisplayName("the resume line names the last _id as the user wrote it, in Extended JSON")
    void resumeLineShowsTheIdAsExtendedJson() {
        var customers = mongo.client().getDatabase(mongo.database()).getCollection("customers");
        customers.insertMany(List.of(new Document("_id", "c1"), new Document("_id", "c2"), new Document("_id", "c3"),
                new Document("_id", "c4")));
        AtomicInteger batches = new AtomicInteger();
        SmartMigration.Builder chain = SmartMigration.builder().targetVersion("1.1.0").mongo(mongo.client(), mongo.database())
                .lockTtl(Duration.ofMillis(200)).lockWait(Duration.ofSeconds(10))
                .step("walk-customers").from("1.0.0").to("1.1.0").resumable()
                .up(ctx -> ctx.forEachDocumentBatch("customers", 2, batch -> {
                    if (batches.incrementAndGet() == 2) {
                        throw new SimulatedProcessDeath("killed before the second batch");
                    }
                }));
        assertThatThrownBy(() -> chain.build().run()).isInstanceOf(SimulatedProcessDeath.class);
        ch.qos.logback.classic.Logger stepLog = (ch.qos.logback.classic.Logger)
                org.slf4j.LoggerFactory.getLogger("io.smartmigration.step.walk-customers");
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> lines =
                new ch.qos.logback.core.read.ListAppender<>();
        lines.start();
        stepLog.addAppender(lines);
        try {
            chain.build().run();
        } finally {
            stepLog.detachAppender(lines);
        }

        assertThat(lines.list).extracting(ch.qos.logback.classic.spi.ILoggingEvent::getFormattedMessage)
                .anyMatch(line -> line.startsWith("resuming ") && line.contains("customers") && line.endsWith(" after _id \"c2\""))
                .noneMatch(line -> line.contains("BsonString"));
    }
}
