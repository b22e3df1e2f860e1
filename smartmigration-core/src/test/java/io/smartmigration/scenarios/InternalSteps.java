package io.smartmigration.scenarios;

import io.smartmigration.MigrationStep;
import io.smartmigration.SmartMigration;

/** Builds a second runner over the same steps as another, as a restarted instance would have. */
final class InternalSteps {

    private InternalSteps() {
    }

    static SmartMigration withSameSteps(SmartMigration original, SmartMigration.Builder builder) {
        for (MigrationStep step : original.steps()) {
            builder.step(step);
        }
        return builder.build();
    }
}
