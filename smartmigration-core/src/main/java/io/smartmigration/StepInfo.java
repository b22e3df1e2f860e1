package io.smartmigration;

/**
 * The step a handler runs as, from {@link MigrationContext#step()}.
 *
 * @param skipForward true when the ledger pointed strictly inside this step's range (an orphan
 *                    version) and the step was re-run from its start
 */
public record StepInfo(String id, String from, String to, boolean skipForward) {
}
