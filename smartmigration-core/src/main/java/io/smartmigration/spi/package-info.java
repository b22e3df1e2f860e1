/**
 * Hooks for tools built on the runner, such as test toolkits and step decorators: a step that
 * wraps another ({@link io.smartmigration.spi.DelegatingStep}) and a simulated crash
 * ({@link io.smartmigration.spi.SimulatedProcessDeath}). Applications do not need them.
 *
 * <p>Like {@code io.smartmigration}, this package is public API; {@code io.smartmigration.internal}
 * and its sub-packages are not, and no other module imports them (see ARCHITECTURE.md).
 */
package io.smartmigration.spi;
