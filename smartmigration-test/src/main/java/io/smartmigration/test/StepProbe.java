package io.smartmigration.test;

import io.smartmigration.spi.SimulatedProcessDeath;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts what one step does in one run (batches started, writes made) and, given a crash point,
 * kills the step there with {@link SimulatedProcessDeath}.
 */
final class StepProbe {

    private final String stepId;
    private final Optional<Crash> crash;
    private final AtomicInteger batchesStarted = new AtomicInteger();
    private final AtomicInteger writes = new AtomicInteger();
    private final List<Integer> writesAtBatchStart = new ArrayList<>();
    private volatile boolean ran;
    private volatile boolean crashed;

    private StepProbe(String stepId, Optional<Crash> crash) {
        this.stepId = stepId;
        this.crash = crash;
    }

    /** Counts only. */
    public static StepProbe counting(String stepId) {
        return new StepProbe(stepId, Optional.empty());
    }

    /** Counts, and dies at {@code crash}. */
    public static StepProbe crashing(Crash crash) {
        return new StepProbe(crash.stepId(), Optional.of(crash));
    }

    void stepStarted() {
        ran = true;
    }

    /** Before a batch's handler: batches already started have finished and were checkpointed. */
    void batchStarting() {
        int completed = batchesStarted.getAndIncrement();
        synchronized (writesAtBatchStart) {
            writesAtBatchStart.add(writes.get());
        }
        if (crash.isPresent() && crash.get().kind() == Crash.Kind.BATCHES && completed == crash.get().count()) {
            die("as batch " + (completed + 1) + " started, after " + completed + " completed batch(es)");
        }
    }

    /** After a write reached the store. */
    void wrote(String what) {
        int count = writes.incrementAndGet();
        if (crash.isPresent() && crash.get().kind() == Crash.Kind.WRITES && count == crash.get().count()) {
            die("right after write #" + count + " (" + what + ")");
        }
    }

    private void die(String when) {
        crashed = true;
        throw new SimulatedProcessDeath("simulated crash of step '" + stepId + "' " + when);
    }

    public String stepId() {
        return stepId;
    }

    public boolean ran() {
        return ran;
    }

    public boolean crashed() {
        return crashed;
    }

    /** Batches whose handler started; on a run without a crash, the number of batches. */
    public int batches() {
        return batchesStarted.get();
    }

    public int writes() {
        return writes.get();
    }

    /** For each batch started, in order, how many writes the step had made before it: batch i made writes (w[i], w[i+1]]. */
    public List<Integer> writesAtBatchStart() {
        synchronized (writesAtBatchStart) {
            return List.copyOf(writesAtBatchStart);
        }
    }
}
