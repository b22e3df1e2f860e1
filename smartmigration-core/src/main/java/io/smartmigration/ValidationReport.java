package io.smartmigration;

import java.util.List;

/**
 * The result of {@link SmartMigration#validate()}: how the ledger's history compares with the
 * registered chain. For each step the history says was applied (its last APPLIED entry), it reports
 * a step id no longer registered, a changed {@code from}/{@code to}, and, for steps written as
 * classes, a bytecode checksum that changed since the step ran. Steps declared with the builder
 * ({@code step(id)...up(ctx -> ...)}) carry no checksum, so their code changes cannot be detected.
 * A step no longer registered whose range lies wholly below the chain's first step is taken as
 * pruned (old steps removed once every environment is past them) and not reported.
 *
 * <pre>{@code
 * ValidationReport report = migration.validate();
 * if (!report.valid()) {
 *     log.warn("the chain changed under applied migrations:\n{}", report);
 * }
 * }</pre>
 *
 * <p>With {@code validateOnRun(true)} on the builder, {@link SmartMigration#run()} fails with
 * {@link ErrorCode#HISTORY_MISMATCH} when this report has problems; by default it logs them at WARN.
 *
 * @param ledger         where the ledger lives
 * @param entriesChecked how many APPLIED steps of the history were compared
 * @param problems       what disagrees, in history order; empty when the history matches the chain
 */
public record ValidationReport(String ledger, int entriesChecked, List<ValidationProblem> problems) {

    public ValidationReport {
        problems = List.copyOf(problems);
    }

    /** True when the history matches the chain. */
    public boolean valid() {
        return problems.isEmpty();
    }

    @Override
    public String toString() {
        if (problems.isEmpty()) {
            return "history of the " + ledger + " matches the chain (" + entriesChecked + " applied step(s) checked)";
        }
        StringBuilder out = new StringBuilder().append(problems.size()).append(" problem(s) in the history of the ")
                .append(ledger).append(":\n");
        problems.forEach(p -> out.append("  ").append(p).append('\n'));
        return out.toString();
    }
}
