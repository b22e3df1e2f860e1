package io.smartmigration.test;

import io.smartmigration.MigrationResult;

/**
 * AssertJ entry points for migration results, data snapshots and ledgers.
 *
 * <pre>{@code
 * import static io.smartmigration.test.MigrationAssertions.assertThat;
 *
 * assertThat(h.run(chain)).reachedTarget().applied("add-status", "move-avatars");
 * assertThat(h.run(chain)).wasNoOp();
 * assertThat(h.snapshot()).hasCollection("users").hasObject("avatars/1.png").isEqualTo(expected);
 * assertThat(h.ledger()).isAt("2.0.0").hasHistory("add-status", "move-avatars");
 * assertThat(h).isAt("2.0.0");                       // the same, read from the harness
 * }</pre>
 *
 * These overloads sit beside AssertJ's {@code Assertions.assertThat}; Java picks them for these
 * types when both are statically imported.
 */
public final class MigrationAssertions {

    private MigrationAssertions() {
    }

    public static MigrationResultAssert assertThat(MigrationResult actual) {
        return new MigrationResultAssert(actual);
    }

    public static DataSnapshotAssert assertThat(DataSnapshot actual) {
        return new DataSnapshotAssert(actual);
    }

    public static LedgerAssert assertThat(LedgerSnapshot actual) {
        return new LedgerAssert(actual);
    }

    /** The ledger of the harness's test, read now: {@code assertThat(h).isAt("2.0.0")}. */
    public static LedgerAssert assertThat(MigrationHarness harness) {
        return new LedgerAssert(harness.ledger());
    }
}
