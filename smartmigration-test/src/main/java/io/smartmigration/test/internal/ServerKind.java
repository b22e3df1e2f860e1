package io.smartmigration.test.internal;

/** Where a server of a test run comes from (the resolved form of {@code Backend}). */
public enum ServerKind {
    EMBEDDED, CONTAINERS, EXTERNAL
}
