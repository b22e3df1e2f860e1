package io.smartmigration;

import io.smartmigration.internal.ledger.Ledger;

/**
 * For core's own tests only: the internal ledger behind a runner, to set up states no public call
 * makes (a lock held by another instance, a raw stamp). Production code has no such bridge.
 */
public final class InternalLedgers {

    private InternalLedgers() {
    }

    public static Ledger of(SmartMigration migration) {
        return migration.ledger().internal();
    }
}
