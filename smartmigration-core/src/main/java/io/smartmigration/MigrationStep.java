package io.smartmigration;

/**
 * A step written as a class, registered with {@link SmartMigration.Builder#step(MigrationStep)}.
 *
 * <pre>{@code
 * final class AddStatus implements MigrationStep {
 *     public String id()   { return "add-status"; }
 *     public String from() { return "1.0.0"; }
 *     public String to()   { return "1.1.0"; }
 *     public void up(MigrationContext ctx) {
 *         ctx.mongo().getCollection("users")
 *            .updateMany(Filters.exists("status", false), Updates.set("status", "active"));
 *     }
 * }
 * }</pre>
 */
public interface MigrationStep extends StepHandler {

    /** Unique within the chain; recorded in the ledger's history. */
    String id();

    /** The data version this step starts from (strict SemVer 2.0.0). */
    String from();

    /** The data version this step leaves behind; strictly greater than {@link #from()}. */
    String to();

    /** Shown in logs and status output. */
    default String description() {
        return "";
    }

    /** Whether the step may use {@link MigrationContext#checkpoint()} to resume after a crash. */
    default boolean resumable() {
        return false;
    }
}
