package io.smartmigration.internal.runner;

import io.smartmigration.internal.lock.LeaseKeeper;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JVM shutdown hook registered while {@code run()} holds the lease (and only then: it is
 * removed when the locked part of the run ends, so nothing leaks across runs).
 *
 * <p>On SIGTERM it asks the step to stop at its next batch or checkpoint boundary and interrupts
 * the thread inside {@code run()}; that thread keeps the checkpoint, records the interruption and
 * releases the lock with a fenced write, and {@code run()} throws {@code INTERRUPTED}. The hook
 * waits for that clean-up up to {@code shutdownGrace}; a handler that ignores the interrupt past
 * the grace is cut off: the hook closes the lock guard (the handler's next operation is refused)
 * and releases the lock itself, so the successor starts at once instead of after a whole lease.
 */
final class ShutdownHandover implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger("io.smartmigration");
    /** After the clean-up, how long the hook lets the run's thread go on (to handle INTERRUPTED) before the JVM exits. */
    private static final long AFTER_CLEAN_UP_MS = 2_000;

    private final LeaseKeeper keeper;
    private final Duration grace;
    private final String ledger;
    private final Thread runThread;
    private final CountDownLatch cleanedUp = new CountDownLatch(1);
    private final Thread hook;
    private final boolean registered;
    /** Hooks registered and not yet removed, in this JVM (what the no-leak test looks at). */
    private static final java.util.concurrent.atomic.AtomicInteger LIVE = new java.util.concurrent.atomic.AtomicInteger();

    private ShutdownHandover(LeaseKeeper keeper, Duration grace, String ledger) {
        this.keeper = keeper;
        this.grace = grace;
        this.ledger = ledger;
        this.runThread = Thread.currentThread();
        this.hook = new Thread(this::onShutdown, "smartmigration-shutdown-" + keeper.lease().owner());
        this.registered = register(hook);
        if (registered) {
            LIVE.incrementAndGet();
        }
    }

    /** How many hooks of runs are registered right now. */
    static int registeredHooks() {
        return LIVE.get();
    }

    /** Registers the hook for the calling thread's run; a JVM already shutting down gets none. */
    static ShutdownHandover register(LeaseKeeper keeper, Duration grace, String ledger) {
        return new ShutdownHandover(keeper, grace, ledger);
    }

    private static boolean register(Thread hook) {
        try {
            Runtime.getRuntime().addShutdownHook(hook);
            return true;
        } catch (IllegalStateException shuttingDown) {
            return false;
        }
    }

    private void onShutdown() {
        LOG.warn("smartmigration: JVM shutdown while holding the lock of the {}: stopping the step at its next batch"
                + " or checkpoint boundary and releasing the lock (grace {} ms)", ledger, grace.toMillis());
        keeper.requestStop();
        runThread.interrupt();
        long deadline = System.nanoTime() + grace.toNanos();
        try {
            if (cleanedUp.await(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                // The JVM exits when the last hook returns: leave the application (within the grace, at most
                // AFTER_CLEAN_UP_MS) to see run()'s INTERRUPTED and log it before it does.
                long left = Math.min(AFTER_CLEAN_UP_MS, (deadline - System.nanoTime()) / 1_000_000);
                if (left > 0) {
                    runThread.join(left);
                }
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LOG.warn("smartmigration: the step did not stop within the shutdown grace of {} ms; refusing its further"
                + " operations and releasing the lock of the {} now", grace.toMillis(), ledger);
        keeper.close();
    }

    /** The run's clean-up is done (the lock released): the hook, if running, may let the JVM go. */
    @Override
    public void close() {
        if (cleanedUp.getCount() == 0) {
            return;
        }
        cleanedUp.countDown();
        if (registered) {
            LIVE.decrementAndGet();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running or about to: it returns as soon as it sees cleanedUp
            }
        }
    }
}
