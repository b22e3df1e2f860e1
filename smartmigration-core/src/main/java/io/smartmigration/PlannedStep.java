package io.smartmigration;

/** One step that {@link SmartMigration#run()} would run, from {@link SmartMigration#plan()}. */
public record PlannedStep(String id, String from, String to, boolean skipForward) {
}
