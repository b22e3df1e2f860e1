package io.smartmigration.internal.context;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import io.smartmigration.ErrorCode;
import io.smartmigration.ItemHandler;
import io.smartmigration.MigrationContext;
import io.smartmigration.MigrationResult;
import io.smartmigration.SmartMigration;
import io.smartmigration.SmartMigrationException;
import io.smartmigration.InternalLedgers;
import io.smartmigration.spi.SimulatedProcessDeath;
import io.smartmigration.internal.ledger.LedgerState;
import io.smartmigration.scenarios.MongoTestBackend;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

@DisplayName("The parallel collection walk (forEachDocument)")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(120)
class ParallelDocumentsTest {

    private static final int DOCUMENTS = 2000;
    private static final int PARALLELISM = 8;

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

    /** A resumable step whose handler counts visits with $inc (not idempotent, so a redone document shows) after {@code before}. */
    private SmartMigration.Builder visiting(ItemHandler<Document> before) {
        return SmartMigration.builder().targetVersion("1.1.0").mongo(mongo.client(), mongo.database())
                .lockTtl(Duration.ofSeconds(2)).lockWait(Duration.ofSeconds(30))
                .step("visit").from("1.0.0").to("1.1.0").resumable()
                .up(ctx -> ctx.forEachDocument("notes", PARALLELISM, doc -> {
                    before.handle(doc);
                    ctx.mongo().getCollection("notes").updateOne(Filters.eq("_id", doc.get("_id")), Updates.inc("visits", 1));
                }));
    }

    private long visitedOnce() {
        return notes.countDocuments(Filters.eq("visits", 1));
    }

    private long extraVisits() {
        long extra = 0;
        for (Document d : notes.find(Filters.gt("visits", 1))) {
            extra += d.getInteger("visits") - 1;
        }
        return extra;
    }

    private LedgerState ledger() {
        SmartMigration reader = SmartMigration.builder().targetVersion("1.1.0").mongo(mongo.client(), mongo.database()).build();
        return InternalLedgers.of(reader).read().orElseThrow();
    }

    @Test
    @DisplayName("GIVEN a collection WHEN it is walked with 8 workers THEN every document is handled exactly once, by up to 8 threads at the same time and never more")
    void handlesEveryDocumentOnceConcurrently() {
        AtomicInteger running = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        // the first 8 documents wait for each other: a walk that ran them one at a time would never get past them
        CountDownLatch firstEight = new CountDownLatch(PARALLELISM);
        MigrationResult result = visiting(doc -> {
            most.accumulateAndGet(running.incrementAndGet(), Math::max);
            try {
                if (doc.getInteger("_id") < PARALLELISM) {
                    firstEight.countDown();
                    assertThat(firstEight.await(60, TimeUnit.SECONDS)).as("8 documents in flight at once").isTrue();
                }
            } finally {
                running.decrementAndGet();
            }
        }).build().run();

        assertThat(result.reachedTarget()).isTrue();
        assertThat(visitedOnce()).isEqualTo(DOCUMENTS);
        assertThat(most.get()).isEqualTo(PARALLELISM);
        assertThat(ledger().checkpoint()).as("the step's checkpoint is cleared once it is applied").isEmpty();
    }

    @Test
    @DisplayName("GIVEN a handler that fails on one document WHEN the walk runs THEN the step fails with that cause, the documents in flight finish, and the checkpoint is the last _id below which every document is done")
    void failureKeepsTheLowWaterMark() {
        assertThatThrownBy(() -> visiting(doc -> {
            if (doc.getInteger("_id") == 1234) {
                throw new IllegalStateException("document 1234 is broken");
            }
        }).build().run())
                .isInstanceOfSatisfying(SmartMigrationException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.STEP_FAILED))
                .hasRootCauseMessage("document 1234 is broken");

        assertThat(ledger().checkpoint().orElseThrow().data()).containsEntry("walk:documents:notes:1:lastId", "{\"v\": 1233}");
        assertThat(notes.countDocuments(Filters.lt("_id", 1234))).isEqualTo(notes.countDocuments(
                Filters.and(Filters.lt("_id", 1234), Filters.eq("visits", 1))));
        assertThat(notes.countDocuments(Filters.gt("_id", 1234 + MigrationContext.parallelWindow(PARALLELISM))))
                .as("nothing handed out past the window").isEqualTo(notes.countDocuments(
                        Filters.and(Filters.gt("_id", 1234 + MigrationContext.parallelWindow(PARALLELISM)),
                                Filters.exists("visits", false))));

        MigrationResult retried = visiting(doc -> { }).build().run();

        assertThat(retried.reachedTarget()).isTrue();
        assertThat(notes.countDocuments(Filters.exists("visits", false))).as("none lost").isZero();
        assertThat(extraVisits()).as("redone after the failure: only documents above the checkpoint")
                .isLessThanOrEqualTo(MigrationContext.parallelWindow(PARALLELISM));
    }

    @Test
    @DisplayName("GIVEN a process killed in the middle of a parallel walk WHEN the step resumes THEN no document is lost and at most the window of documents past the checkpoint is handled again")
    void crashRedoesAtMostTheWindow() {
        AtomicInteger handled = new AtomicInteger();
        assertThatThrownBy(() -> visiting(doc -> {
            if (handled.incrementAndGet() == 1500) {
                throw new SimulatedProcessDeath("killed at the 1500th document");
            }
        }).build().run()).isInstanceOf(SimulatedProcessDeath.class);
        LedgerState afterKill = ledger();
        assertThat(afterKill.lock()).as("a killed process leaves its lock").isPresent();
        assertThat(afterKill.checkpoint()).as("checkpoints were written along the walk").isPresent();

        MigrationResult resumed = visiting(doc -> { }).build().run();

        assertThat(resumed.reachedTarget()).isTrue();
        assertThat(notes.countDocuments(Filters.exists("visits", false))).as("none lost").isZero();
        assertThat(extraVisits()).isLessThanOrEqualTo(MigrationContext.parallelWindow(PARALLELISM));
    }

    @Test
    @DisplayName("GIVEN a walk whose thread is interrupted WHEN the workers finish THEN run() throws INTERRUPTED with the interrupt status restored and the checkpoint kept, and the next run resumes at it")
    void interruptStopsTheWalk() {
        Thread[] walker = new Thread[1];
        SmartMigration interrupted = SmartMigration.builder().targetVersion("1.1.0").mongo(mongo.client(), mongo.database())
                .lockTtl(Duration.ofSeconds(2))
                .step("visit").from("1.0.0").to("1.1.0").resumable()
                .up(ctx -> {
                    walker[0] = Thread.currentThread();
                    ctx.forEachDocument("notes", PARALLELISM, doc -> {
                        if (doc.getInteger("_id") == 700) {
                            walker[0].interrupt();
                        }
                        ctx.mongo().getCollection("notes").updateOne(Filters.eq("_id", doc.get("_id")), Updates.inc("visits", 1));
                    });
                }).build();

        try {
            assertThatThrownBy(interrupted::run).isInstanceOfSatisfying(SmartMigrationException.class,
                    e -> assertThat(e.code()).isEqualTo(ErrorCode.INTERRUPTED));
            assertThat(Thread.currentThread().isInterrupted()).as("interrupt status restored").isTrue();
        } finally {
            Thread.interrupted();
        }
        assertThat(ledger().checkpoint()).isPresent();
        assertThat(notes.countDocuments(Filters.exists("visits", false))).as("the walk stopped before the end").isPositive();

        MigrationResult resumed = visiting(doc -> { }).build().run();

        assertThat(resumed.reachedTarget()).isTrue();
        assertThat(notes.countDocuments(Filters.exists("visits", false))).isZero();
        assertThat(extraVisits()).isLessThanOrEqualTo(MigrationContext.parallelWindow(PARALLELISM));
    }

    @Test
    @DisplayName("GIVEN a parallelism of 0 WHEN the walk starts THEN the step fails with INVALID_CONFIG naming the allowed range")
    void rejectsBadParallelism() {
        SmartMigration bad = SmartMigration.builder().targetVersion("1.1.0").mongo(mongo.client(), mongo.database())
                .step("visit").from("1.0.0").to("1.1.0").resumable()
                .up(ctx -> ctx.forEachDocument("notes", 0, doc -> { })).build();

        assertThatThrownBy(bad::run).isInstanceOfSatisfying(SmartMigrationException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.INVALID_CONFIG);
            assertThat(e.getCause()).isInstanceOfSatisfying(SmartMigrationException.class, cause -> {
                assertThat(cause.code()).isEqualTo(ErrorCode.INVALID_CONFIG);
                assertThat(cause).hasMessageContaining("parallelism is 0: use 1 to 512 worker threads");
            });
        });
        assertThat(notes.countDocuments(Filters.exists("visits"))).isZero();
    }
}
