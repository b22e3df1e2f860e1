package io.smartmigration.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import io.smartmigration.ErrorCode;
import io.smartmigration.HistoryEntry;
import io.smartmigration.HistoryStatus;
import io.smartmigration.MigrationContext;
import io.smartmigration.MigrationResult;
import io.smartmigration.SmartMigration;
import io.smartmigration.SmartMigrationException;
import io.smartmigration.StepHandler;
import io.smartmigration.internal.ledger.LedgerState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.bson.Document;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * DESIGN.md "Shutdown and interrupts": interrupting the thread inside {@code run()} ends it with
 * {@code INTERRUPTED}, whatever the handler does with the interrupt; the clean-up writes (failure
 * record, release) are made with the flag cleared, the flag is restored, the lock released.
 * Nothing here waits on time: every hand-over between the test and the run is a latch.
 */
public abstract class InterruptScenarios extends ScenarioBase {

    /** What one run on its own thread ended with, and the interrupt flag of that thread right after. */
    private record Ended(SmartMigrationException failure, MigrationResult result, boolean flagAfter) {
    }

    /** Starts {@code migration.run()} on a new thread; returns the thread and what the run ends with. */
    private static final class RunThread {
        final CompletableFuture<Ended> ended = new CompletableFuture<>();
        final Thread thread;

        RunThread(SmartMigration migration) {
            thread = new Thread(() -> {
                try {
                    MigrationResult result = migration.run();
                    ended.complete(new Ended(null, result, Thread.currentThread().isInterrupted()));
                } catch (SmartMigrationException e) {
                    ended.complete(new Ended(e, null, Thread.currentThread().isInterrupted()));
                } catch (Throwable t) {
                    ended.completeExceptionally(t);
                }
            }, "interrupted-run");
            thread.start();
        }

        Ended interruptAndJoin() throws Exception {
            thread.interrupt();
            return ended.get(30, TimeUnit.SECONDS);
        }
    }

    private SmartMigration chain(StepHandler inS2) {
        return fourSteps(ctx -> {
            if (ctx.step().id().equals("s2")) {
                inS2.up(ctx);
            }
        }).instanceId("interrupted").build();
    }

    private void assertInterruptedAndReleased(Ended ended) {
        assertThat(ended.failure()).as("run() threw").isNotNull();
        assertThat(ended.failure().code()).isEqualTo(ErrorCode.INTERRUPTED);
        assertThat(ended.failure().getMessage()).contains("interrupted").contains("the lock of the").contains("released");
        assertThat(ended.flagAfter()).as("the interrupt flag is restored when run() ends").isTrue();
        assertThat(ledgerState().orElseThrow().lock()).as("the lock was released").isEmpty();
    }

    private List<HistoryStatus> statuses() {
        return history().stream().map(HistoryEntry::status).toList();
    }

    @Test
    @DisplayName("GIVEN a handler sleeping in s2 WHEN its thread is interrupted THEN run() throws INTERRUPTED, s2 is"
            + " recorded FAILED, the lock is released and the flag restored")
    void sleepingHandler() throws Exception {
        CountDownLatch inside = new CountDownLatch(1);
        RunThread run = new RunThread(chain(ctx -> {
            inside.countDown();
            Thread.sleep(60_000);
        }));
        assertThat(inside.await(20, TimeUnit.SECONDS)).isTrue();

        Ended ended = run.interruptAndJoin();

        assertInterruptedAndReleased(ended);
        assertThat(ended.failure().getMessage()).contains("step 's2'");
        assertThat(statuses()).containsExactly(HistoryStatus.APPLIED, HistoryStatus.FAILED);
        assertThat(ledgerState().flatMap(LedgerState::currentVersion)).contains("1.1.0");
        assertThat(runsOf("s3")).isZero();
    }

    @Test
    @DisplayName("GIVEN a handler that ignores interrupts WHEN its thread is interrupted THEN s2 completes and is"
            + " recorded, s3 does not start, and run() throws INTERRUPTED with the lock released")
    void handlerIgnoringInterrupts() throws Exception {
        CountDownLatch inside = new CountDownLatch(1);
        AtomicBoolean goOn = new AtomicBoolean();
        RunThread run = new RunThread(chain(ctx -> {
            inside.countDown();
            while (!goOn.get()) {
                Thread.onSpinWait();   // never looks at the interrupt
            }
        }));
        assertThat(inside.await(20, TimeUnit.SECONDS)).isTrue();
        run.thread.interrupt();
        goOn.set(true);

        Ended ended = run.ended.get(30, TimeUnit.SECONDS);

        assertInterruptedAndReleased(ended);
        assertThat(ended.failure().getMessage()).contains("completed and was recorded");
        assertThat(statuses()).containsExactly(HistoryStatus.APPLIED, HistoryStatus.APPLIED);
        assertThat(ledgerState().flatMap(LedgerState::currentVersion)).contains("1.2.0");
        assertThat(runsOf("s3")).isZero();
    }

    @Test
    @DisplayName("GIVEN a handler writing through ctx in a loop WHEN its thread is interrupted THEN the I/O is refused"
            + " or aborted, run() throws INTERRUPTED, s2 is recorded FAILED and the lock is released")
    void handlerDoingIo() throws Exception {
        CountDownLatch inside = new CountDownLatch(1);
        AtomicInteger written = new AtomicInteger();
        RunThread run = new RunThread(chain(ctx -> {
            while (true) {   // stops only when the driver or the guard refuses an operation
                write(ctx, written.incrementAndGet());
                inside.countDown();
            }
        }));
        assertThat(inside.await(20, TimeUnit.SECONDS)).isTrue();

        Ended ended = run.interruptAndJoin();

        assertInterruptedAndReleased(ended);
        assertThat(statuses()).containsExactly(HistoryStatus.APPLIED, HistoryStatus.FAILED);
        assertThat(history().get(1).error()).hasValueSatisfying(e -> assertThat(e).contains("interrupted"));
    }

    @Test
    @DisplayName("GIVEN a resumable step walking 50 items in batches of 10 WHEN the thread is interrupted during"
            + " batch 2 THEN the walk stops at the boundary with batch 2 checkpointed, and the next run resumes at batch 3")
    void batchWalkStopsAtBoundaryAndResumes() throws Exception {
        seedItems(50);
        List<Integer> batchSizes = new CopyOnWriteArrayList<>();
        AtomicBoolean interruptInBatch2 = new AtomicBoolean(true);
        SmartMigration.Builder walker = builder().targetVersion("1.1.0").instanceId("walker")
                .step("walk").from("1.0.0").to("1.1.0").resumable().up(ctx -> walk(ctx, size -> {
                    batchSizes.add(size);
                    if (batchSizes.size() == 2 && interruptInBatch2.getAndSet(false)) {
                        Thread.currentThread().interrupt();   // as a shutdown would, while the batch is handled
                    }
                }));
        stamp("1.0.0");

        Ended ended = new RunThread(walker.build()).ended.get(30, TimeUnit.SECONDS);

        assertInterruptedAndReleased(ended);
        assertThat(batchSizes).as("the walk stopped after batch 2").hasSize(2);
        assertThat(ledgerState().orElseThrow().checkpoint()).as("batch 2 is checkpointed").isPresent();

        MigrationResult resumed = walker.build().run();

        assertThat(resumed.reachedTarget()).isTrue();
        assertThat(batchSizes).as("every item handed over exactly once").containsExactly(10, 10, 10, 10, 10);
    }

    @Test
    @DisplayName("GIVEN a run waiting for another instance's lock WHEN its thread is interrupted THEN it throws"
            + " INTERRUPTED at once, having written nothing, with the flag restored")
    void waitingForTheLock() throws Exception {
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<MigrationResult> holder = CompletableFuture.supplyAsync(() -> fourSteps(ctx -> {
            if (ctx.step().id().equals("s1")) {
                holding.countDown();
                release.await(20, TimeUnit.SECONDS);
            }
        }).instanceId("holder").build().run());
        assertThat(holding.await(20, TimeUnit.SECONDS)).isTrue();
        List<HistoryEntry> before = history();
        RunThread waiter = new RunThread(fourSteps().instanceId("waiter").lockWait(Duration.ofSeconds(30)).build());
        // the waiter is between two looks at the ledger (its backoff sleep), bounded by the test's timeout
        while (waiter.thread.getState() != Thread.State.TIMED_WAITING) {
            Thread.onSpinWait();
        }

        Ended ended;
        try {
            ended = waiter.interruptAndJoin();
        } finally {
            release.countDown();
        }

        assertThat(ended.failure()).isNotNull();
        assertThat(ended.failure().code()).isEqualTo(ErrorCode.INTERRUPTED);
        assertThat(ended.flagAfter()).isTrue();
        assertThat(holder.get(20, TimeUnit.SECONDS).reachedTarget()).isTrue();
        assertThat(before).isEmpty();
        assertThat(history()).extracting(HistoryEntry::owner).containsOnly("holder");
    }

    // ------------------------------------------------------------------ the backend's own data

    private boolean mongo() {
        return backend instanceof MongoTestBackend;
    }

    private void write(MigrationContext ctx, int i) {
        if (mongo()) {
            ctx.mongo().getCollection("items").insertOne(new Document("_id", "w" + i));
        } else {
            ctx.s3().putObject(b -> b.bucket(ctx.bucket()).key("written/" + i), RequestBody.fromString("x"));
        }
    }

    private void seedItems(int n) {
        if (mongo()) {
            MongoTestBackend m = (MongoTestBackend) backend;
            List<Document> docs = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                docs.add(new Document("_id", i));
            }
            m.client().getDatabase(m.database()).getCollection("items").insertMany(docs);
        } else {
            S3TestBackend s = (S3TestBackend) backend;
            for (int i = 0; i < n; i++) {
                String key = String.format("items/%03d", i);
                s.client().putObject(b -> b.bucket(s.bucket()).key(key), RequestBody.fromString("x"));
            }
        }
    }

    private interface SizeHandler {
        void handle(int size);
    }

    private void walk(MigrationContext ctx, SizeHandler handler) {
        if (mongo()) {
            ctx.forEachDocumentBatch("items", 10, batch -> handler.handle(batch.size()));
        } else {
            ctx.forEachObjectBatch("items/", 10, batch -> handler.handle(batch.size()));
        }
    }
}
