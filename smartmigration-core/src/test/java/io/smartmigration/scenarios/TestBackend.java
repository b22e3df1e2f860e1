package io.smartmigration.scenarios;

import io.smartmigration.SmartMigration;

/**
 * A ledger backend the shared scenarios run on: a server started once per test class, and a fresh,
 * isolated namespace (database or bucket) per test.
 */
public interface TestBackend extends AutoCloseable {

    /** Switches to a new, empty namespace; called before each test. */
    void newNamespace();

    /** Adds this test's backends (and so its ledger) to the builder. */
    SmartMigration.Builder configure(SmartMigration.Builder builder);

    /** Writes one piece of application data, so the data is no longer fresh. */
    void writeAppData();

    @Override
    void close();
}
