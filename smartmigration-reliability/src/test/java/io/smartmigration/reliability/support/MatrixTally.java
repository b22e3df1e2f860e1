package io.smartmigration.reliability.support;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * Counts the cases of a matrix test class and those that failed, and writes one {@link Report}
 * row for the class (its {@code @DisplayName}) when it ends.
 */
public final class MatrixTally implements BeforeAllCallback, TestWatcher, AfterAllCallback {

    private final List<String> failures = new ArrayList<>();
    private int cases;
    private long startedAt;

    @Override
    public void beforeAll(ExtensionContext context) {
        failures.clear();
        cases = 0;
        startedAt = System.nanoTime();
    }

    @Override
    public synchronized void testSuccessful(ExtensionContext context) {
        cases++;
    }

    @Override
    public synchronized void testFailed(ExtensionContext context, Throwable cause) {
        cases++;
        failures.add(context.getDisplayName() + ": " + cause.getMessage());
    }

    @Override
    public void testAborted(ExtensionContext context, Throwable cause) {
        testFailed(context, cause);
    }

    @Override
    public void testDisabled(ExtensionContext context, Optional<String> reason) {
        failures.add(context.getDisplayName() + " disabled");
    }

    @Override
    public void afterAll(ExtensionContext context) {
        Report.row(context.getDisplayName(), cases, failures, (System.nanoTime() - startedAt) / 1_000_000,
                "cases run (one per value and entry point)");
    }
}
