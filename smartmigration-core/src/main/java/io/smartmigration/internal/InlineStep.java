package io.smartmigration.internal;

/**
 * Marks a step declared with the builder ({@code step(id)...up(ctx -> ...)}): its class is shared by
 * every such step and its handler is a lambda without stable bytecode, so it has no checksum.
 */
public interface InlineStep {
}
