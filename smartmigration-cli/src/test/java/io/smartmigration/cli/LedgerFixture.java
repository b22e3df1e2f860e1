package io.smartmigration.cli;

import io.smartmigration.SmartMigration;
import java.util.List;
import java.util.Map;

/** A backend for the CLI scenarios: an embedded server, a fresh namespace per test, and its CLI options. */
interface LedgerFixture extends AutoCloseable {

    /** Switches to a new, empty database or bucket. */
    void newNamespace();

    /** Adds this test's backend to a builder, so the library can prepare a ledger for the CLI to read. */
    SmartMigration.Builder configure(SmartMigration.Builder builder);

    /** The CLI options that point at this test's ledger. */
    List<String> ledgerOptions();

    /** The environment the CLI needs (credentials, region). */
    Map<String, String> env();

    /** Puts a ledger named {@code smartmigration} there that cannot be read as a ledger (with a lock, where it can hold one). */
    void writeCorruptLedger();

    /** Everything the ledger {@code smartmigration} stores, as text, to tell whether anything changed. */
    String rawLedger();

    /** CLI options for this kind of ledger on a server that does not answer. */
    List<String> unreachableOptions();

    @Override
    void close();
}
