package io.smartmigration.internal.ledger;

import java.time.Duration;

/**
 * How long the requests of one ledger call may take. Under a lease it is an instant on this JVM's
 * monotonic clock ({@link #after}): a call may send several requests (a compare-and-swap that
 * re-reads, a fenced write that reads the new holder), each gets what is left, and the call as a
 * whole ends before the lease does. Outside a lease each request gets the whole budget
 * ({@link #perRequest}): a compare-and-swap that many instances race for may take several rounds,
 * each of them bounded, and nothing is lost by waiting.
 */
public record Deadline(long atNanos, Duration budget, boolean perRequest) {

    public static Deadline after(Duration budget) {
        return new Deadline(System.nanoTime() + budget.toNanos(), budget, false);
    }

    public static Deadline perRequest(Duration budget) {
        return new Deadline(0, budget, true);
    }

    /** What is left, never negative. */
    public Duration remaining() {
        return perRequest ? budget : Duration.ofNanos(Math.max(0, atNanos - System.nanoTime()));
    }

    /**
     * What is left in whole milliseconds, never less than 1: a driver reads a timeout of 0 as "no
     * timeout" (MongoDB's timeoutMS), so a passed deadline still times out at once. Check
     * {@link #passed()} to not send at all.
     */
    public long remainingMillis() {
        return Math.max(1, remaining().toMillis());
    }

    public boolean passed() {
        return !perRequest && atNanos - System.nanoTime() <= 0;
    }
}
