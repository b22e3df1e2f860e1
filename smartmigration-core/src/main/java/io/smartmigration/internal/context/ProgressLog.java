package io.smartmigration.internal.context;

import io.smartmigration.internal.LogText;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;

/**
 * Progress of a long walk: for batch walks every batch at DEBUG; for parallel walks at most one DEBUG
 * line a second; for both at most one INFO line per interval, with the rate and, where the walk knows
 * how many items are left, the time left.
 */
final class ProgressLog {

    private static final long INFO_INTERVAL_NANOS = 10_000_000_000L;
    private static final long DEBUG_INTERVAL_NANOS = 1_000_000_000L;
    private static final LongSupplier UNKNOWN = () -> -1;

    private final Logger log;
    private final String what;
    private final LongSupplier total;
    private final long startedAt = System.nanoTime();
    private long lastInfoAt = startedAt;
    private volatile long lastDebugAt = startedAt;
    private long batches;
    private long items;
    private final AtomicLong parallelItems = new AtomicLong();

    ProgressLog(Logger log, String what) {
        this(log, what, UNKNOWN);
    }

    /** @param total how many items this run will walk, or -1 while that is not known */
    ProgressLog(Logger log, String what, LongSupplier total) {
        this.log = log;
        this.what = what;
        this.total = total;
    }

    synchronized void batchDone(int size, Object position) {
        batches++;
        items += size;
        long now = System.nanoTime();
        long rate = rate(now);
        if (now - lastInfoAt >= INFO_INTERVAL_NANOS) {
            lastInfoAt = now;
            log.info("{}: {} batches, {} done, {}/s, last at {}", what, batches, items, rate, LogText.value(position));
        } else if (log.isDebugEnabled()) {
            log.debug("{}: batch {} of {} done ({} in all, {}/s), last at {}", what, batches, size, items, rate,
                    LogText.value(position));
        }
    }

    /** One item of a parallel walk is done (in any order); takes the lock only to log, at most once a second. */
    void itemDone() {
        long done = parallelItems.incrementAndGet();
        long now = System.nanoTime();
        if (now - lastDebugAt < DEBUG_INTERVAL_NANOS) {
            return;
        }
        synchronized (this) {
            if (now - lastDebugAt < DEBUG_INTERVAL_NANOS) {
                return;
            }
            lastDebugAt = now;
            items = done;
            boolean info = now - lastInfoAt >= INFO_INTERVAL_NANOS;
            if (!info && !log.isDebugEnabled()) {
                return;
            }
            long rate = rate(now);
            long all = total.getAsLong();
            String left = all < 0 || rate == 0 ? "time left unknown"
                    : "about " + Math.max(0, (all - done) / rate) + " s left of " + all;
            if (info) {
                lastInfoAt = now;
                log.info("{}: {} done, {}/s, {}", what, done, rate, left);
            } else {
                log.debug("{}: {} done, {}/s, {}", what, done, rate, left);
            }
        }
    }

    private long rate(long now) {
        double seconds = Math.max(1e-9, (now - startedAt) / 1e9);
        return Math.round(items / seconds);
    }

    synchronized long items() {
        return Math.max(items, parallelItems.get());
    }
}
