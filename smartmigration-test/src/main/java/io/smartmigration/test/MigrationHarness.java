package io.smartmigration.test;

import com.mongodb.client.MongoDatabase;
import io.smartmigration.LedgerBackend;
import io.smartmigration.MigrationResult;
import io.smartmigration.SmartMigration;
import java.util.Optional;

/**
 * Runs a migration chain against the test's own database and bucket, seeds data at any version,
 * and checks what is hard to check by hand: idempotency and crash-and-resume. Injected into
 * {@link MigrationTest} methods; one harness per test.
 *
 * <pre>{@code
 * @Test
 * void movesAvatars(MigrationHarness h) {
 *     h.seed(Fixture.load("fixtures/1.1.0"));
 *     h.runWithCrash(Migrations.chain(), Crash.inStep("move-avatars").afterBatches(1));
 *     MigrationResult resumed = h.run(Migrations.chain());
 *     MigrationAssertions.assertThat(resumed).reachedTarget().applied("move-avatars");
 *     h.assertIdempotent(Migrations.chain());
 * }
 * }</pre>
 *
 * <p>Chains are passed as {@link SmartMigration.Builder}s without backends; the harness adds the
 * test's database and bucket and short lock timings to a copy (see {@link #bind}), and never
 * changes the builder it is given.
 */
public interface MigrationHarness {

    /**
     * A copy of {@code chain} bound to this test: the test's Mongo database and S3 bucket (those
     * the test uses), {@code lockWait} of 10 s, {@code lockTtl} of 30 s, and the harness's clock,
     * which jumps past the lease after a simulated crash so the next run takes the lock over at once.
     * Each step of the chain is wrapped so that its handler's {@code ctx.clock()} is {@link #clock()}
     * (steps added to the returned builder afterwards see the runner's clock).
     */
    SmartMigration.Builder bind(SmartMigration.Builder chain);

    /**
     * The clock handlers of this test's runs see as {@code ctx.clock()}: fixed at the second the test
     * started, the same for every run of the test, so that two runs of a step that takes its time from
     * {@code ctx.clock()} write the same data (the generated checks compare runs). The lock's lease
     * runs on a clock of its own.
     */
    java.time.Clock clock();

    /** Binds and runs {@code chain}; a failure propagates as the runner threw it. */
    MigrationResult run(SmartMigration.Builder chain);

    /**
     * Writes the fixture's documents and objects into the test's database and bucket, then stamps
     * the ledger at the fixture's version (the data now looks like an installation at that version).
     */
    void seed(Fixture fixture);

    /**
     * Sets the ledger's version without running anything, as an operator's baseline or an orphan
     * version left by a release whose step was since removed would. Creates the ledger if needed.
     */
    void stampLedger(String version);

    /** The ledger's version; empty when it was never written. */
    Optional<String> ledgerVersion();

    /** The whole ledger: version, history, lock, checkpoint. */
    LedgerSnapshot ledger();

    /**
     * Which ledger {@link #seed}, {@link #stampLedger} and {@link #ledger()} use; by default the
     * one a chain without ledger settings uses: {@code "smartmigration"}, in Mongo when the test
     * uses Mongo, else in S3. Call it when your chain sets {@code ledgerName} or {@code ledgerBackend}.
     */
    void useLedger(String ledgerName, LedgerBackend backend);

    /** Every collection and object of the test, the ledger excluded. */
    DataSnapshot snapshot();

    /**
     * Runs {@code chain} and kills it at {@code crash}, the way a killed process dies: the lock is
     * left held, no failure is recorded, the checkpoint stays as last written. The harness's clock
     * then moves past the lease, so the next {@link #run} takes the lock over and resumes.
     *
     * @throws AssertionError when the step did not run, or finished before reaching the crash point
     */
    void runWithCrash(SmartMigration.Builder chain, Crash crash);

    /**
     * Runs {@code chain} step by step from the ledger's current version to its target; after each
     * step it takes a snapshot, runs the same step again on its own output and takes another:
     * any difference fails, naming the step and listing the differences.
     *
     * @throws AssertionError for the first step that is not idempotent
     */
    void assertIdempotent(SmartMigration.Builder chain);

    /** Removes every collection and object of the test, the ledger included: back to an empty store. */
    void reset();

    /** The test's database. */
    MongoDatabase database();

    /** The test's bucket. */
    TestBucket bucket();
}
