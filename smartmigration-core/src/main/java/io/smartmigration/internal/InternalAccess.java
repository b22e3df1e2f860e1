package io.smartmigration.internal;

import io.smartmigration.MigrationStep;
import io.smartmigration.SmartMigration;
import io.smartmigration.internal.ledger.Ledger;
import java.util.List;
import java.util.Objects;

/**
 * What the test toolkit (and the CLI) need from the runner beyond the public API: the steps of a
 * builder, a builder with other steps, and a runner's ledger. Registered by {@link SmartMigration}
 * when it loads, so the public classes need no public accessors for it.
 */
public final class InternalAccess {

    /** Implemented inside {@code io.smartmigration}. */
    public interface Accessor {
        List<MigrationStep> steps(SmartMigration.Builder builder);

        SmartMigration.Builder withSteps(SmartMigration.Builder builder, List<MigrationStep> steps);

        MigrationConfig config(SmartMigration migration);

        Ledger ledger(SmartMigration migration);
    }

    private static volatile Accessor accessor;

    private InternalAccess() {
    }

    public static void register(Accessor implementation) {
        accessor = Objects.requireNonNull(implementation);
    }

    public static Accessor get() {
        if (accessor == null) {
            SmartMigration.builder();   // loads SmartMigration, which registers itself
        }
        return accessor;
    }
}
