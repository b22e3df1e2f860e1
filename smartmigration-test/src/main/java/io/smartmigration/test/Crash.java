package io.smartmigration.test;

import io.smartmigration.ErrorCode;
import io.smartmigration.SmartMigrationException;
import java.util.Objects;

/**
 * Where {@link MigrationHarness#runWithCrash} kills a step, as a killed process would die: the
 * lock stays held, no failure is recorded, the checkpoint stays as last written.
 *
 * <pre>{@code
 * h.runWithCrash(chain, Crash.inStep("move-avatars").afterBatches(2));  // dies as batch 3 starts
 * h.runWithCrash(chain, Crash.inStep("add-status").afterWrites(1));      // dies right after its first write
 * MigrationResult resumed = h.run(chain);                                // takes over after the lease
 * }</pre>
 *
 * @param stepId the step to kill
 * @param kind   what {@code count} counts
 * @param count  how many batches (or writes) complete before the step dies
 */
public record Crash(String stepId, Kind kind, int count) {

    /** What a crash point counts. */
    public enum Kind {
        /**
         * Batches handed out by {@code forEachDocumentBatch} / {@code forEachObjectBatch} whose
         * handler finished and whose checkpoint was written; the step dies as the next batch starts.
         */
        BATCHES,
        /**
         * Writes the handler made through the context's {@code mongo()}, {@code mongoClient()} and
         * {@code s3()} (inserts, updates, replaces, deletes, bulk writes, index changes, puts, copies,
         * object deletes; S3 writes are counted on the handler's own thread); the step dies right
         * after the n-th one reached the store. The ledger's own writes do not count.
         */
        WRITES
    }

    public Crash {
        Objects.requireNonNull(stepId, "stepId");
        Objects.requireNonNull(kind, "kind");
        if (count < 0 || (kind == Kind.WRITES && count == 0)) {
            throw new SmartMigrationException(ErrorCode.INVALID_CONFIG, "crash point " + kind + " " + count + " in step '" + stepId
                    + "': use afterBatches(n) with n >= 0 or afterWrites(n) with n >= 1");
        }
    }

    /** Starts a crash point in step {@code stepId}. */
    public static InStep inStep(String stepId) {
        return new InStep(Objects.requireNonNull(stepId, "stepId"));
    }

    @Override
    public String toString() {
        return "crash in step '" + stepId + "' after " + count + (kind == Kind.BATCHES ? " batch(es)" : " write(s)");
    }

    /** The second half of {@code Crash.inStep(id).afterBatches(n)}. */
    public record InStep(String stepId) {

        /** Dies as batch {@code n + 1} starts, once {@code n} batches and their checkpoints are done. */
        public Crash afterBatches(int n) {
            return new Crash(stepId, Kind.BATCHES, n);
        }

        /** Dies right after the handler's {@code n}-th write (n >= 1) reached the store. */
        public Crash afterWrites(int n) {
            return new Crash(stepId, Kind.WRITES, n);
        }
    }
}
