package io.smartmigration.internal.context;

import io.smartmigration.Checkpoint;
import io.smartmigration.ErrorCode;
import io.smartmigration.ItemHandler;
import io.smartmigration.MigrationContext;
import io.smartmigration.SmartMigrationException;
import io.smartmigration.spi.SimulatedProcessDeath;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.slf4j.Logger;

/**
 * The engine of the parallel walks: the walk's own thread reads the items in order and hands each to
 * one of {@code parallelism} worker threads; the checkpoint holds the position of the low-water mark
 * (the last item below which every item is done).
 *
 * <p>Sequence numbers in hand-out order drive it. Item {@code s} is handed out only while fewer than
 * {@code 2 * parallelism} are handed out and not done ({@code parallelism} running, as many queued) and {@code s - saved <= window}, where {@code saved} is the last
 * item the written checkpoint covers: a crash therefore redoes at most {@code window} items, whatever
 * the timing. A worker that moves the low-water mark a quarter of the window past {@code saved} writes
 * the checkpoint itself (one write at a time) while the others keep working, so the walk does not stop
 * for the ledger's round trips. Everything shared sits under one lock; the handler and the ledger
 * writes run outside it.
 *
 * <p>The workers call the step's handler, which reaches the stores through the same context
 * ({@code ctx.mongo()}, {@code ctx.s3()}) as a sequential walk, so the context's guards and the test
 * toolkit's write counting apply on every worker.
 */
final class ParallelWalk<T> {

    static final int MAX_PARALLELISM = 512;

    private final String stepId;
    private final int parallelism;
    private final int window;
    private final int checkpointEvery;
    /**
     * Items handed out and not yet done: the {@code parallelism} running, and as many queued so that a
     * worker that finishes one takes the next at once instead of waiting for the walk's thread to be
     * scheduled (on a busy machine that wait costs more than the item).
     */
    private final int handOutLimit;
    private final Checkpoint checkpoint;
    private final String positionKey;
    private final Function<T, Object> position;
    private final Function<Object, String> encode;
    private final ItemHandler<T> handler;
    private final ProgressLog progress;
    private final BooleanSupplier stopRequested;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    /** Per ring slot: the item's position, and whether it is done; slot {@code s % ring} holds item {@code s}. */
    private final Object[] positions;
    private final boolean[] done;
    private long dispatched;
    private long lowWater = -1;
    private long saved = -1;
    private int inFlight;
    private boolean writing;
    private boolean saveFailed;
    private Throwable failure;

    /**
     * @param positionKey the checkpoint key of the walk's position (the same one its sequential walk uses)
     * @param position    an item's position along the walk, as the checkpoint stores it once encoded
     */
    ParallelWalk(String stepId, int parallelism, Checkpoint checkpoint, String positionKey, Function<T, Object> position,
                 Function<Object, String> encode, ItemHandler<T> handler, ProgressLog progress,
                 BooleanSupplier stopRequested) {
        this.stepId = stepId;
        this.parallelism = parallelism;
        this.window = MigrationContext.parallelWindow(parallelism);
        this.checkpointEvery = Math.max(1, window / 4);
        this.handOutLimit = 2 * parallelism;
        this.checkpoint = checkpoint;
        this.positionKey = positionKey;
        this.position = position;
        this.encode = encode;
        this.handler = handler;
        this.progress = progress;
        this.stopRequested = stopRequested;
        this.positions = new Object[window + 1];
        this.done = new boolean[window + 1];
    }

    static void requireParallelism(int parallelism) {
        if (parallelism < 1 || parallelism > MAX_PARALLELISM) {
            throw new SmartMigrationException(ErrorCode.INVALID_CONFIG, "parallelism is " + parallelism + ": use 1 to "
                    + MAX_PARALLELISM + " worker threads, for example 16 against MongoDB or 64 against S3");
        }
    }

    /**
     * Hands every item of {@code chunks} (cursor batches, listing pages, in walk order) to the handler;
     * returns normally only when all are done.
     *
     * @return the number of items handled
     */
    long run(Iterator<List<T>> chunks) {
        ExecutorService workers = Executors.newFixedThreadPool(parallelism, threads(stepId));
        boolean interrupted = false;
        boolean exhausted = false;
        try (ReadAhead<T> reader = new ReadAhead<>(chunks, "smartmigration-" + stepId + "-reader")) {
            while (true) {
                if (!awaitTurn()) {
                    break;
                }
                // the flag is cleared until the checkpoint is saved, and restored before throwing
                if (Thread.interrupted() || stopRequested.getAsBoolean()) {
                    interrupted = true;
                    break;
                }
                T item = reader.next();
                if (item == null) {
                    exhausted = true;
                    break;
                }
                long seq = handOut(item);
                workers.execute(() -> work(seq, item));
            }
        } catch (InterruptedException e) {
            interrupted = true;
        } catch (RuntimeException | Error e) {
            // reading the next item failed: stop as a handler failure would
            fail(e);
        }
        if (interrupted) {
            // the handlers in flight see the interrupt, as a sequential handler would; items queued
            // but not started are dropped: they lie above the low-water mark
            int dropped = workers.shutdownNow().size();
            lock.lock();
            try {
                inFlight -= dropped;
            } finally {
                lock.unlock();
            }
        } else {
            workers.shutdown();
        }
        drain();
        return finish(exhausted && failure == null && !interrupted, interrupted);
    }

    /** A count running on a daemon thread: -1 until known (or when counting failed); closing stops it. */
    record Count(AtomicLong total, Thread thread) implements AutoCloseable {
        @Override
        public void close() {
            thread.interrupt();
        }
    }

    /**
     * Counts what a walk has to do on a daemon thread, for the time-left estimate, so that the walk does
     * not wait for it.
     */
    static Count countInBackground(String stepId, LongSupplier count, Logger log) {
        AtomicLong total = new AtomicLong(-1);
        Thread counter = new Thread(() -> {
            try {
                total.set(count.getAsLong());
            } catch (RuntimeException e) {
                log.debug("counting the items of the walk for the time-left estimate failed; going on without it: {}",
                        e.toString());
            }
        }, "smartmigration-" + stepId + "-count");
        counter.setDaemon(true);
        counter.start();
        return new Count(total, counter);
    }

    /** Waits until item {@code dispatched} may be handed out; false once the walk failed. */
    private boolean awaitTurn() throws InterruptedException {
        lock.lock();
        try {
            while (failure == null && (inFlight >= handOutLimit || dispatched - saved > window)) {
                changed.await();
            }
            return failure == null;
        } finally {
            lock.unlock();
        }
    }

    private long handOut(T item) {
        lock.lock();
        try {
            long seq = dispatched++;
            positions[slot(seq)] = position.apply(item);
            inFlight++;
            return seq;
        } finally {
            lock.unlock();
        }
    }

    private void work(long seq, T item) {
        Throwable thrown = null;
        try {
            handler.handle(item);
        } catch (Throwable t) {
            thrown = t;
        }
        long save = -1;
        Object at = null;
        lock.lock();
        try {
            inFlight--;
            if (thrown != null) {
                recordFailure(thrown);
            } else {
                done[slot(seq)] = true;
                while (lowWater + 1 < dispatched && done[slot(lowWater + 1)]) {
                    lowWater++;
                    done[slot(lowWater)] = false;
                }
            }
            if (failure == null && !writing && lowWater - saved >= checkpointEvery) {
                writing = true;
                save = lowWater;
                at = positions[slot(save)];
            }
            // the walk's thread waits for half the hand-out limit (or the end, or a failure): waking it for
            // every item would cost a context switch per item on a busy machine
            if (inFlight <= parallelism || thrown != null) {
                changed.signalAll();
            }
        } finally {
            lock.unlock();
        }
        if (thrown == null) {
            progress.itemDone();
        }
        if (save >= 0) {
            save(save, at);
        }
    }

    private void save(long seq, Object at) {
        Throwable thrown = null;
        try {
            checkpoint.put(positionKey, encode.apply(at));
        } catch (Throwable t) {
            thrown = t;
        }
        lock.lock();
        try {
            writing = false;
            if (thrown == null) {
                saved = Math.max(saved, seq);
            } else {
                saveFailed = true;
                recordFailure(thrown);
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void fail(Throwable t) {
        lock.lock();
        try {
            recordFailure(t);
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Keeps the first failure; a process death wins over everything (a killed process writes nothing more). */
    private void recordFailure(Throwable t) {
        if (failure == null || (t instanceof SimulatedProcessDeath && !(failure instanceof SimulatedProcessDeath))) {
            if (failure != null) {
                t.addSuppressed(failure);
            }
            failure = t;
        } else if (failure != t) {
            failure.addSuppressed(t);
        }
    }

    /** Waits, uninterruptibly, for the items in flight and a checkpoint write in progress. */
    private void drain() {
        lock.lock();
        try {
            while (inFlight > 0 || writing) {
                changed.awaitUninterruptibly();
            }
        } finally {
            lock.unlock();
        }
    }

    private long finish(boolean complete, boolean interrupted) {
        if (failure instanceof SimulatedProcessDeath death) {
            throw death;   // a killed process writes no checkpoint
        }
        long handled = lowWater + 1;
        if (complete) {
            return handled;
        }
        if (lowWater > saved && !saveFailed) {
            try {
                checkpoint.put(positionKey, encode.apply(positions[slot(lowWater)]));
            } catch (RuntimeException | Error e) {
                if (failure != null) {
                    e.addSuppressed(failure);
                }
                throw e;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
            SmartMigrationException stopped = new SmartMigrationException(ErrorCode.INTERRUPTED, "step '" + stepId
                    + "' was stopped in a parallel walk (" + (stopRequested.getAsBoolean() ? "the JVM is shutting down"
                    : "its thread was interrupted") + ") with " + handled + " item(s) done in order; " + positionKey
                    + " is checkpointed at the last of them and the next run resumes after it");
            if (failure != null) {
                stopped.addSuppressed(failure);
            }
            throw stopped;
        }
        if (failure instanceof Error error) {
            throw error;
        }
        if (failure instanceof RuntimeException e) {
            throw e;
        }
        if (failure instanceof Exception e) {
            throw new BatchFailed(e);
        }
        return handled;
    }

    private int slot(long seq) {
        return (int) (seq % positions.length);
    }

    private static ThreadFactory threads(String stepId) {
        AtomicInteger n = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, "smartmigration-" + stepId + "-worker-" + n.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
