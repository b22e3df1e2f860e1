package io.smartmigration.cli;

import io.smartmigration.SmartMigrationException;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

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
 * {@code --help} on each; exit codes in {@link ExitCodes}. It never runs migration steps. The
 * command line is parsed by picocli ({@link Commands}); the ledger is read and repaired through
 * the core's public {@link io.smartmigration.MigrationLedger}.
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
        CommandLine cli = commandLine(out, err);
        ParseResult parsed;
        try {
            parsed = cli.parseArgs(args);
        } catch (ParameterException e) {
            return usage(parseMessage(cli, e), commandName(e.getCommandLine()), err);
        }
        ParseResult sub = parsed.subcommand();
        if (sub != null && sub.commandSpec().userObject() instanceof CommandLine.HelpCommand) {
            List<String> topics = sub.matchedPositionals().stream().flatMap(p -> p.stringValues().stream()).toList();
            if (!topics.isEmpty() && !cli.getSubcommands().containsKey(topics.get(0))) {
                return usage("unknown command '" + topics.get(0) + "': use status, history, unlock or baseline", "", err);
            }
        }
        if (CommandLine.printHelpIfRequested(parsed)) {
            return ExitCodes.OK;
        }
        if (sub == null) {
            return usage("no command given: use status, history, unlock or baseline", "", err);
        }
        Commands.LedgerCommand command = (Commands.LedgerCommand) sub.commandSpec().userObject();
        String name = sub.commandSpec().name();
        LedgerOptions options = command.options();
        try {
            options.validate(name, command.writes());
        } catch (UsageException e) {
            return usage(e.getMessage(), name, err);
        }
        try (LedgerConnection connection = LedgerConnection.open(options, env)) {
            return command.execute(connection.ledger(), out, err);
        } catch (UsageException e) {
            return usage(e.getMessage(), name, err);
        } catch (SmartMigrationException e) {
            String prefix = "[" + e.code() + "] ";
            String message = e.getMessage().startsWith(prefix) ? e.getMessage().substring(prefix.length()) : e.getMessage();
            return fail(options.json, name, e.code().name(), message, exitCode(e), out, err);
        } catch (RuntimeException e) {
            return fail(options.json, name, "ERROR", e.toString(), ExitCodes.LEDGER_PROBLEM, out, err);
        }
    }

    /** The picocli command line, printing to {@code out} and {@code err}, without colours. */
    static CommandLine commandLine(PrintStream out, PrintStream err) {
        CommandLine cli = new CommandLine(new Commands.Top());
        cli.setOut(new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), true));
        cli.setErr(new PrintWriter(new OutputStreamWriter(err, StandardCharsets.UTF_8), true));
        cli.setColorScheme(Help.defaultColorScheme(Help.Ansi.OFF));
        cli.setUsageHelpWidth(100);
        cli.getSubcommands().get("help").getCommandSpec().usageMessage().hidden(true);
        cli.getHelpSectionMap().put(CommandLine.Model.UsageMessageSpec.SECTION_KEY_COMMAND_LIST,
                SmartMigrationCli::commandList);
        return cli;
    }

    /** The command list with each command's positional parameters: {@code baseline <version>}. */
    private static String commandList(Help help) {
        List<String[]> rows = new ArrayList<>();
        for (Map.Entry<String, Help> entry : help.subcommands().entrySet()) {
            CommandSpec spec = entry.getValue().commandSpec();
            if (spec.usageMessage().hidden()) {
                continue;
            }
            StringBuilder label = new StringBuilder("  ").append(entry.getKey());
            for (PositionalParamSpec positional : spec.positionalParameters()) {
                label.append(' ').append(positional.paramLabel());
            }
            rows.add(new String[] {label.toString(), spec.usageMessage().description()[0]});
        }
        return Render.table(rows);
    }

    private static String parseMessage(CommandLine top, ParameterException e) {
        if (e instanceof UnmatchedArgumentException unmatched && e.getCommandLine() == top
                && !unmatched.getUnmatched().isEmpty() && !unmatched.getUnmatched().get(0).startsWith("-")) {
            return "unknown command '" + unmatched.getUnmatched().get(0) + "': use status, history, unlock or baseline";
        }
        return e.getMessage();
    }

    private static String commandName(CommandLine commandLine) {
        return commandLine == null || commandLine.getParent() == null ? "" : commandLine.getCommandName();
    }

    private static int usage(String message, String command, PrintStream err) {
        err.println("smartmigration: " + message);
        err.println("Run 'smartmigration " + (command.isEmpty() ? "" : command + " ") + "--help' for usage.");
        return ExitCodes.USAGE;
    }

    private static int exitCode(SmartMigrationException e) {
        return switch (e.code()) {
            case INVALID_VERSION, INVALID_CONFIG -> ExitCodes.USAGE;
            case BASELINE_REFUSED, LOCK_TIMEOUT, LOCK_LOST -> ExitCodes.REFUSED;
            default -> ExitCodes.LEDGER_PROBLEM;
        };
    }

    private static int fail(boolean json, String command, String code, String message, int exit, PrintStream out,
                            PrintStream err) {
        if (json) {
            out.println(Render.errorJson(code, message));
        }
        err.println("smartmigration: " + code + ": " + message);
        if (exit == ExitCodes.USAGE) {
            err.println("Run 'smartmigration " + command + " --help' for usage.");
        }
        return exit;
    }
}
