package io.smartmigration.internal.ledger;

import java.time.Duration;

/**
 * The instant, on this JVM's monotonic clock, by which one ledger call must be answered. A ledger
 * call may send several requests (a compare-and-swap that re-reads, a fenced write that reads the
 * new holder); each gets what is left of the one deadline, so the call as a whole stays bounded.
 */
public record Deadline(long atNanos, Duration budget) {

    public static Deadline after(Duration budget) {
        return new Deadline(System.nanoTime() + budget.toNanos(), budget);
    }

    /** What is left, never negative. */
    public Duration remaining() {
        return Duration.ofNanos(Math.max(0, atNanos - System.nanoTime()));
    }

    /**
     * What is left in whole milliseconds, never less than 1: a driver reads a timeout of 0 as "no
     * timeout" (MongoDB's timeoutMS), so a passed deadline still times out at once. Check
     * {@link #passed()} to not send at all.
     */
    public long remainingMillis() {
        return Math.max(1, (atNanos - System.nanoTime()) / 1_000_000);
    }

    public boolean passed() {
        return atNanos - System.nanoTime() <= 0;
    }
}
