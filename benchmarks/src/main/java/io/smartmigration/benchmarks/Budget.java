package io.smartmigration.benchmarks;

/** The time left for the whole suite; rows that can scale down ask it how much they may spend. */
final class Budget {

    private final long started = System.nanoTime();
    private final long deadline;

    Budget(long seconds) {
        this.deadline = started + seconds * 1_000_000_000L;
    }

    double remainingSeconds() {
        return (deadline - System.nanoTime()) / 1e9;
    }

    double elapsedSeconds() {
        return (System.nanoTime() - started) / 1e9;
    }
}
