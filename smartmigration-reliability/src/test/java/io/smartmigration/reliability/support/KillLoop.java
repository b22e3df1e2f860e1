package io.smartmigration.reliability.support;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.TreeSet;
import java.util.function.ToLongFunction;

/**
 * Runs a resumable step in a child JVM and kills it with SIGKILL at random points, restarting it
 * each time, then lets a last instance finish. Each kill point is a random batch index; the child
 * is killed a random 0 to {@code jitterMillis} ms after it reported that batch's data write, so kills
 * land inside the handler's write, between the write and the checkpoint, in the checkpoint write,
 * or in the next batch's read. Each killed instance also gets one of the {@code variants} at random
 * (extra arguments, e.g. a short pause before or after each batch's data write), which stretches
 * one phase of the batch so that kills land in every phase, not only in the longest one.
 *
 * <p>The batch a restarted instance processes first is the batch that was in flight when its
 * predecessor died (the step resumes after the last checkpoint): its range of positions is the
 * only place where a non-idempotent effect may legitimately show twice.
 */
public final class KillLoop {

    /** A range of positions [first, last] that one restart processed again. */
    public record Window(long first, long last) {
        public boolean contains(long position) {
            return position >= first && position <= last;
        }
    }

    /**
     * What happened: where each kill landed, the batches redone after them, and how the last instance
     * ended. Every instance is named {@code <name>-<n>} (also its lock owner in the ledger).
     */
    public record Outcome(List<Long> killedAfter, List<Window> redone, ChildResult last, int processes,
                          List<ChildResult> endedBeforeTheirKill) {
    }

    private final Children children;
    private final String name;
    private final ToLongFunction<String> position;

    /**
     * @param position turns a batch bound printed by the child ({@code first=}/{@code last=}) into a
     *                 number that grows along the walk (an {@code _id}, or the number in a key)
     */
    public KillLoop(Children children, String name, ToLongFunction<String> position) {
        this.children = children;
        this.name = name;
        this.position = position;
    }

    /**
     * @param args       the child's arguments
     * @param variants   extra arguments, one set drawn at random for each instance that will be killed
     * @param total      the number of batches in the walk
     * @param kills      how many kill points, drawn among batches 1 .. total-2
     * @param timeout    the bound for each process
     */
    public Outcome run(List<String> args, List<List<String>> variants, int total, int kills, long jitterMillis,
                       Random random, Duration timeout) {
        if (kills > total - 2) {
            throw new IllegalArgumentException(kills + " kill points need more than " + total + " batches");
        }
        TreeSet<Integer> points = new TreeSet<>();
        while (points.size() < kills) {
            points.add(1 + random.nextInt(total - 2));
        }
        List<Long> killedAfter = new ArrayList<>();
        List<Window> redone = new ArrayList<>();
        List<ChildResult> endedBeforeTheirKill = new ArrayList<>();
        int processes = 0;
        for (int batchIndex : points) {
            String instance = name + "-" + (++processes);
            List<String> variant = new ArrayList<>(args);
            variant.addAll(variants.get(random.nextInt(variants.size())));
            variant.add("instance=" + instance);
            ChildProcess child = children.start(instance, variant);
            if (processes > 1) {
                firstBatch(child, timeout).ifPresent(redone::add);
            }
            long target = batchIndex;
            String line = child.awaitLine(l -> (l.startsWith("SMR BATCH ") && batchesDone(l) >= target)
                    || l.startsWith("SMR RESULT ") || l.startsWith("SMR ERROR "), timeout, "reporting batch " + batchIndex);
            if (!line.startsWith("SMR BATCH ")) {
                // the walk was already done (a kill landed after the step was recorded): no kill left to make
                endedBeforeTheirKill.add(child.awaitExit(timeout));
                break;
            }
            sleep(random.nextInt((int) jitterMillis + 1));
            String last = child.lastBatch().orElse(line);
            child.kill9();
            killedAfter.add(position.applyAsLong(ChildResult.field(last, "last").orElseThrow()));
        }
        String instance = name + "-" + (++processes);
        List<String> finisherArgs = new ArrayList<>(args);
        finisherArgs.add("instance=" + instance);
        ChildProcess finisher = children.start(instance, finisherArgs);
        firstBatch(finisher, timeout).ifPresent(redone::add);
        ChildResult result = finisher.awaitExit(timeout);
        return new Outcome(killedAfter, redone, result, processes, endedBeforeTheirKill);
    }

    /** Batches done so far along the whole walk, from the batch's last position and size. */
    private long batchesDone(String line) {
        long last = position.applyAsLong(ChildResult.field(line, "last").orElseThrow());
        long size = Long.parseLong(ChildResult.field(line, "size").orElseThrow());
        return last / size;
    }

    /** The first batch a restarted instance processed; empty if it found the step already done. */
    private Optional<Window> firstBatch(ChildProcess child, Duration timeout) {
        String line = child.awaitLine(l -> l.startsWith("SMR BATCH ") || l.startsWith("SMR RESULT ")
                || l.startsWith("SMR ERROR "), timeout, "reporting its first batch");
        if (!line.startsWith("SMR BATCH ")) {
            return Optional.empty();
        }
        return Optional.of(new Window(position.applyAsLong(ChildResult.field(line, "first").orElseThrow()),
                position.applyAsLong(ChildResult.field(line, "last").orElseThrow())));
    }

    /** Sleeps; an interrupt fails the test. */
    public static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
