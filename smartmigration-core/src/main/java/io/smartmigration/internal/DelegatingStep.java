package io.smartmigration.internal;

import io.smartmigration.MigrationStep;

/**
 * A step that wraps another (the test toolkit's probes and crash points): the history records the
 * checksum of the wrapped step's class, not the wrapper's.
 */
public interface DelegatingStep {

    MigrationStep delegate();
}
