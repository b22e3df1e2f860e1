package io.smartmigration.spi;

/**
 * Thrown from inside a handler to end {@code run()} as a killed process would: the runner records
 * no failure, stops renewing the lease and does not release the lock, and the error leaves
 * {@code run()} as it is. The next run finds the lock held, takes it over once the lease expires,
 * and resumes the step from its last checkpoint.
 *
 * <p>For test toolkits that check crash-and-resume (the {@code smartmigration-test} harness's
 * {@code runWithCrash} throws it from a step at a chosen batch or write); never thrown by the
 * runner itself, and meaningless in production code.
 *
 * <pre>{@code
 * SmartMigration crashing = builder.step("move").from("1.0.0").to("2.0.0").resumable()
 *         .up(ctx -> { moveFirstPage(ctx); throw new SimulatedProcessDeath("killed after page 1"); })
 *         .build();
 * assertThatThrownBy(crashing::run).isInstanceOf(SimulatedProcessDeath.class);   // lock left held
 * }</pre>
 *
 * <p>It is an {@link Error}, so that handlers that catch {@code Exception} let it through, as a
 * real crash would not wait for them.
 */
public final class SimulatedProcessDeath extends Error {

    private static final long serialVersionUID = 1L;

    public SimulatedProcessDeath(String message) {
        super(message, null, false, false);
    }
}
