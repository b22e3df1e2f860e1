package io.smartmigration;

/** Where the ledger lives. The default is {@link #MONGO} when Mongo is configured, else {@link #S3}. */
public enum LedgerBackend {
    /** Collection {@code smartmigration_ledger}, one document per ledger name. */
    MONGO,
    /** Objects under {@code .smartmigration/} in the configured bucket. */
    S3
}
