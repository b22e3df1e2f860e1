package io.smartmigration.internal.context;

import io.smartmigration.internal.LogText;
import org.slf4j.Logger;

/** Progress of a long batch walk: every batch at DEBUG, at most one INFO line per interval. */
final class ProgressLog {

    private static final long INFO_INTERVAL_NANOS = 10_000_000_000L;

    private final Logger log;
    private final String what;
    private final long startedAt = System.nanoTime();
    private long lastInfoAt = startedAt;
    private long batches;
    private long items;

    ProgressLog(Logger log, String what) {
        this.log = log;
        this.what = what;
    }

    void batchDone(int size, Object position) {
        batches++;
        items += size;
        long now = System.nanoTime();
        double seconds = Math.max(1e-9, (now - startedAt) / 1e9);
        long rate = Math.round(items / seconds);
        if (now - lastInfoAt >= INFO_INTERVAL_NANOS) {
            lastInfoAt = now;
            log.info("{}: {} batches, {} done, {}/s, last at {}", what, batches, items, rate, LogText.value(position));
        } else if (log.isDebugEnabled()) {
            log.debug("{}: batch {} of {} done ({} in all, {}/s), last at {}", what, batches, size, items, rate,
                    LogText.value(position));
        }
    }

    long items() {
        return items;
    }
}
