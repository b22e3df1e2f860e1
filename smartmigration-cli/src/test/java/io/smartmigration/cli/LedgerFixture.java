package io.smartmigration.cli;

import io.smartmigration.scenarios.TestBackend;
import java.util.List;
import java.util.Map;

/**
 * A backend for the CLI scenarios: core's test backend (an embedded server, a fresh namespace per
 * test, {@code configure(builder)}), plus what the CLI needs to reach it.
 */
interface LedgerFixture extends TestBackend {

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
}
