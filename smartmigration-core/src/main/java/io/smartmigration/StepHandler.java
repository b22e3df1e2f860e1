package io.smartmigration;

/**
 * The body of a step. It must be idempotent: a step is retried after a failure or a crash, and
 * re-run when the ledger points inside its range (skip-forward).
 *
 * <pre>{@code
 * StepHandler backfill = ctx -> ctx.mongo().getCollection("users")
 *     .updateMany(Filters.exists("status", false), Updates.set("status", "active"));
 * }</pre>
 */
@FunctionalInterface
public interface StepHandler {
    void up(MigrationContext ctx) throws Exception;
}
