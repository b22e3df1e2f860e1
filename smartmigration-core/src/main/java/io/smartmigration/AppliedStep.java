package io.smartmigration;

/** One step that ran during a {@link SmartMigration#run()}. */
public record AppliedStep(String id, String from, String to, long durationMs, boolean skipForward) {
}
