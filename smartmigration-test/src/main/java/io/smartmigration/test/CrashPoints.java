package io.smartmigration.test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;

/**
 * Where the generated checks crash a step, from what its clean run did: after every write and at
 * every batch boundary when the step made at most {@value #EXHAUSTIVE_UP_TO} writes (or batches);
 * above that, every write of its first batch and of its middle batch, its last write, and a sample
 * of the others drawn with a seed derived from the step and the fixture, so a failure repeats.
 */
final class CrashPoints {

    /** Up to this many writes (or batch boundaries), every one is a crash point. */
    static final int EXHAUSTIVE_UP_TO = 64;
    /** Sampled writes (or batch boundaries) added above {@link #EXHAUSTIVE_UP_TO}. */
    static final int SAMPLE = 32;

    /** One crash point; {@code where} is what the test name says: "after write 3 of 8", "after batch 1 of 4". */
    record Point(Crash crash, String where) {
    }

    private CrashPoints() {
    }

    static List<Point> of(String stepId, StepProbe probe, long seed) {
        int writes = probe.writes();
        int batches = probe.batches();
        List<Integer> starts = probe.writesAtBatchStart();
        Random random = new Random(seed);
        List<Point> points = new ArrayList<>();
        // batch boundaries 1..batches-1: after batch k's checkpoint, before batch k+1 starts
        TreeSet<Integer> boundaries = new TreeSet<>();
        if (batches - 1 <= EXHAUSTIVE_UP_TO) {
            for (int k = 1; k < batches; k++) {
                boundaries.add(k);
            }
        } else {
            boundaries.add(1);
            boundaries.add(batches / 2);
            boundaries.add(batches - 1);
            sample(boundaries, 1, batches - 1, random);
        }
        TreeSet<Integer> ks = new TreeSet<>();
        if (writes <= EXHAUSTIVE_UP_TO) {
            for (int k = 1; k <= writes; k++) {
                ks.add(k);
            }
        } else {
            if (batches >= 1) {
                addBatch(ks, starts, 0, writes);
                addBatch(ks, starts, batches / 2, writes);
            } else {
                for (int k = 1; k <= Math.min(16, writes); k++) {
                    ks.add(k);
                }
                for (int k = writes / 2 - 8; k <= writes / 2 + 8; k++) {
                    ks.add(k);
                }
            }
            ks.add(writes);
            sample(ks, 1, writes, random);
        }
        // in the order the step gets there: a batch's writes, then its boundary
        for (int k : ks) {
            points.add(new Point(Crash.inStep(stepId).afterWrites(k), "after write " + k + " of " + writes));
            for (int b : boundaries) {
                if (b < starts.size() && starts.get(b) == k) {
                    points.add(boundary(stepId, b, batches));
                }
            }
        }
        for (int b : boundaries) {
            int at = b < starts.size() ? starts.get(b) : -1;
            if (!ks.contains(at)) {
                points.add(boundary(stepId, b, batches));
            }
        }
        return points;
    }

    private static Point boundary(String stepId, int k, int batches) {
        return new Point(Crash.inStep(stepId).afterBatches(k), "after batch " + k + " of " + batches);
    }

    private static void addBatch(TreeSet<Integer> ks, List<Integer> starts, int batch, int writes) {
        int from = starts.get(batch) + 1;
        int to = batch + 1 < starts.size() ? starts.get(batch + 1) : writes;
        for (int k = from; k <= to; k++) {
            ks.add(k);
        }
    }

    private static void sample(TreeSet<Integer> into, int from, int to, Random random) {
        int wanted = into.size() + SAMPLE;
        int range = to - from + 1;
        while (into.size() < Math.min(wanted, range)) {
            into.add(from + random.nextInt(range));
        }
    }
}
