package io.smartmigration.internal.context;

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
    private long lastDebugAt = startedAt;
    private long batches;
    private long items;

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
            log.info("{}: {} batches, {} done, {}/s, last at {}", what, batches, items, rate, position);
        } else if (log.isDebugEnabled()) {
            log.debug("{}: batch {} of {} done ({} in all, {}/s), last at {}", what, batches, size, items, rate, position);
        }
    }

    /** One item of a parallel walk is done (in any order). */
    synchronized void itemDone() {
        items++;
        long now = System.nanoTime();
        boolean info = now - lastInfoAt >= INFO_INTERVAL_NANOS;
        boolean debug = !info && now - lastDebugAt >= DEBUG_INTERVAL_NANOS && log.isDebugEnabled();
        if (!info && !debug) {
            return;
        }
        lastDebugAt = now;
        long rate = rate(now);
        long all = total.getAsLong();
        String left = all < 0 || rate == 0 ? "time left unknown"
                : "about " + Math.max(0, (all - items) / rate) + " s left of " + all;
        if (info) {
            lastInfoAt = now;
            log.info("{}: {} done, {}/s, {}", what, items, rate, left);
        } else {
            log.debug("{}: {} done, {}/s, {}", what, items, rate, left);
        }
    }

    private long rate(long now) {
        double seconds = Math.max(1e-9, (now - startedAt) / 1e9);
        return Math.round(items / seconds);
    }

    synchronized long items() {
        return items;
    }
}
