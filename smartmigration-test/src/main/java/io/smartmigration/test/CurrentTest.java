package io.smartmigration.test;

import java.util.Optional;

/**
 * The resources of the test running on this thread, so {@code MigrationChecks} finds its harness
 * without a parameter. Set before each test, cleared after it.
 */
final class CurrentTest {

    private static final ThreadLocal<TestResources> CURRENT = new ThreadLocal<>();

    private CurrentTest() {
    }

    static void set(TestResources resources) {
        CURRENT.set(resources);
    }

    static void clear() {
        CURRENT.remove();
    }

    public static Optional<DefaultMigrationHarness> harness() {
        return Optional.ofNullable(CURRENT.get()).map(TestResources::harness);
    }
}
