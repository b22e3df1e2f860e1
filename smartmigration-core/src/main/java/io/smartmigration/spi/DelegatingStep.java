package io.smartmigration.spi;

import io.smartmigration.MigrationStep;

/**
 * A step that wraps another, for tools that decorate a chain's steps (the test toolkit's probes
 * and crash points): the runner records the checksum of the wrapped step's class in the history,
 * not the wrapper's, so {@code validate()} compares the step the application registered.
 *
 * <pre>{@code
 * record Timed(MigrationStep delegate) implements MigrationStep, DelegatingStep {
 *     public String id()   { return delegate.id(); }
 *     public String from() { return delegate.from(); }
 *     public String to()   { return delegate.to(); }
 *     public boolean resumable() { return delegate.resumable(); }
 *     public void up(MigrationContext ctx) throws Exception { delegate.up(ctx); }
 * }
 * builder.replaceSteps(builder.steps().stream().<MigrationStep>map(Timed::new).toList());
 * }</pre>
 */
public interface DelegatingStep {

    /** The step this one wraps (itself possibly a {@code DelegatingStep}). */
    MigrationStep delegate();
}
