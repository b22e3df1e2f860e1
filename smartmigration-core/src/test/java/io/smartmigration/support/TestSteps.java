package io.smartmigration.support;

import io.smartmigration.MigrationContext;
import io.smartmigration.MigrationStep;
import io.smartmigration.StepHandler;

/** Steps written as classes, for tests that build chains by hand. */
public final class TestSteps {

    private TestSteps() {
    }

    public static MigrationStep step(String id, String from, String to) {
        return step(id, from, to, false, ctx -> { });
    }

    public static MigrationStep step(String id, String from, String to, boolean resumable, StepHandler handler) {
        return new MigrationStep() {
            public String id() {
                return id;
            }

            public String from() {
                return from;
            }

            public String to() {
                return to;
            }

            public boolean resumable() {
                return resumable;
            }

            public void up(MigrationContext ctx) throws Exception {
                handler.up(ctx);
            }
        };
    }
}
