package io.smartmigration.cli;

import io.smartmigration.HistoryEntry;
import io.smartmigration.LockHolder;
import io.smartmigration.SmartMigrationException;
import io.smartmigration.cli.CliArgs.Command;
import io.smartmigration.internal.ledger.LedgerState;
import io.smartmigration.internal.ops.LedgerTools;
import java.io.PrintStream;
import java.util.Map;
import java.util.Optional;

/**
 * The smartmigration command line: reads and repairs a ledger without the application's code.
 *
 * <pre>
 * java -jar smartmigration-cli-VERSION-all.jar status --mongo-uri mongodb://db:27017 --database appdb
 * java -jar smartmigration-cli-VERSION-all.jar history --bucket app-data --json
 * java -jar smartmigration-cli-VERSION-all.jar unlock --mongo-uri mongodb://db:27017/appdb
 * java -jar smartmigration-cli-VERSION-all.jar baseline 1.4.0 --mongo-uri mongodb://db:27017/appdb
 * </pre>
 *
 * <p>Commands {@code status}, {@code history}, {@code unlock}, {@code baseline <version> [--force]};
 * {@code --help} on each; exit codes in {@link ExitCodes}. It never runs migration steps.
 */
public final class SmartMigrationCli {

    private static final String LOGGING_PROPERTY = "logback.configurationFile";

    private SmartMigrationCli() {
    }

    public static void main(String[] args) {
        if (System.getProperty(LOGGING_PROPERTY) == null) {
            // log to stderr, WARN and up (plus smartmigration's INFO), whatever else is on the class path
            System.setProperty(LOGGING_PROPERTY, "smartmigration-cli-logback.xml");
        }
        System.exit(run(args, System.out, System.err, System.getenv()));
    }

    /**
     * Carries out one command line.
     *
     * @param env the environment (for the AWS region variables)
     * @return the exit code, see {@link ExitCodes}
     */
    public static int run(String[] args, PrintStream out, PrintStream err, Map<String, String> env) {
        CliArgs parsed;
        try {
            parsed = CliArgs.parse(args);
        } catch (UsageException e) {
            err.println("smartmigration: " + e.getMessage());
            err.println("Run 'smartmigration --help' for usage.");
            return ExitCodes.USAGE;
        }
        if (parsed.help()) {
            out.print(parsed.command().map(Help::of).orElseGet(Help::general));
            return ExitCodes.OK;
        }
        try (LedgerConnection connection = LedgerConnection.open(parsed, env)) {
            return execute(parsed, connection.tools(), out, err);
        } catch (UsageException e) {
            err.println("smartmigration: " + e.getMessage());
            err.println("Run 'smartmigration " + parsed.command().map(Command::cliName).orElse("") + " --help' for usage.");
            return ExitCodes.USAGE;
        } catch (SmartMigrationException e) {
            String prefix = "[" + e.code() + "] ";
            String message = e.getMessage().startsWith(prefix) ? e.getMessage().substring(prefix.length()) : e.getMessage();
            return fail(parsed, e.code().name(), message, exitCode(e), out, err);
        } catch (RuntimeException e) {
            return fail(parsed, "ERROR", e.toString(), ExitCodes.LEDGER_PROBLEM, out, err);
        }
    }

    private static int execute(CliArgs args, LedgerTools tools, PrintStream out, PrintStream err) {
        String ledger = tools.describe();
        Command command = args.command().orElseThrow();
        if (command == Command.BASELINE) {
            HistoryEntry entry = tools.baseline(args.version().orElseThrow(), args.force());
            out.print(args.json() ? Json.write(Render.baselineJson(ledger, entry)) + "\n"
                    : Render.baselineText(ledger, entry));
            return ExitCodes.OK;
        }
        Optional<LedgerState> state = tools.read();
        if (state.isEmpty()) {
            if (args.json()) {
                out.println(Json.write(Render.missingJson(ledger)));
            }
            err.println("smartmigration: the " + ledger + " does not exist: nothing was ever written under that"
                    + " name. Check the database or bucket and --ledger-name");
            return ExitCodes.NO_LEDGER;
        }
        switch (command) {
            case STATUS -> out.print(args.json() ? Json.write(Render.statusJson(ledger, state.get(), tools.now())) + "\n"
                    : Render.statusText(ledger, state.get(), tools.now()));
            case HISTORY -> out.print(args.json() ? Json.write(Render.historyJson(ledger, state.get().history())) + "\n"
                    : Render.historyText(ledger, state.get().history()));
            case UNLOCK -> {
                Optional<LockHolder> removed = tools.forceUnlock();
                out.print(args.json() ? Json.write(Render.unlockJson(ledger, removed)) + "\n"
                        : Render.unlockText(ledger, removed));
            }
            default -> throw new IllegalStateException("unhandled command " + command);
        }
        return ExitCodes.OK;
    }

    private static int exitCode(SmartMigrationException e) {
        return switch (e.code()) {
            case INVALID_VERSION, INVALID_CONFIG -> ExitCodes.USAGE;
            case BASELINE_REFUSED, LOCK_TIMEOUT, LOCK_LOST -> ExitCodes.REFUSED;
            default -> ExitCodes.LEDGER_PROBLEM;
        };
    }

    private static int fail(CliArgs args, String code, String message, int exit, PrintStream out, PrintStream err) {
        if (args.json()) {
            out.println(Json.write(Render.errorJson(code, message)));
        }
        err.println("smartmigration: " + code + ": " + message);
        if (exit == ExitCodes.USAGE) {
            err.println("Run 'smartmigration " + args.command().map(Command::cliName).orElse("") + " --help' for usage.");
        }
        return exit;
    }
}
