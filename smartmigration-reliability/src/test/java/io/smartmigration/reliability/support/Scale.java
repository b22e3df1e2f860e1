package io.smartmigration.reliability.support;

import java.util.Random;

/**
 * The size of a run: small by default (CI), the counts of RELIABILITY.md with
 * {@code -Dreliability.full=true}; and the random seed, fixed with {@code -Dreliability.seed=N}
 * to replay a run (each test prints the seed it used).
 */
public final class Scale {

    private static final long SEED = Long.getLong("reliability.seed", System.nanoTime()).longValue();

    private Scale() {
    }

    public static boolean full() {
        return Boolean.getBoolean("reliability.full");
    }

    /** {@code small} by default, {@code large} in a full run. */
    public static int pick(int small, int large) {
        return full() ? large : small;
    }

    public static long seed() {
        return SEED;
    }

    /** A random source for one scenario, derived from the run's seed. */
    public static Random random(String scenario) {
        return new Random(SEED ^ scenario.hashCode());
    }

    /** The Maven arguments that replay this run. */
    public static String replayArguments() {
        return (full() ? "-Dreliability.full=true " : "") + "-Dreliability.seed=" + SEED;
    }
}
