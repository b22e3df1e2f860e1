package io.smartmigration.cli;

import io.smartmigration.HistoryEntry;
import io.smartmigration.LedgerContents;
import io.smartmigration.LockHolder;
import io.smartmigration.MigrationLedger;
import java.io.PrintStream;
import java.util.Optional;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** The command line's commands, as picocli declares them; {@link SmartMigrationCli} runs them. */
final class Commands {

    static final String EXIT_CODES = """
            Exit codes:
              0  done (unlock with no lock held is done too)
              1  usage error: unknown command or option, missing value, invalid version
              2  ledger problem: unreachable, corrupt or misconfigured; nothing was changed
              3  refused: baseline over existing history without --force, or while another
                 instance holds the lock
              4  no ledger of that name was ever written there (check --database / --bucket
                 and --ledger-name)
            """;

    private Commands() {
    }

    /** {@code -h}/{@code --help} on each command (not inherited: each prints its own help). */
    static final class HelpOption {
        @Option(names = {"-h", "--help"}, usageHelp = true, order = 99, description = "this help")
        boolean help;
    }

    @Command(name = "smartmigration",
            customSynopsis = "smartmigration <command> [options]",
            description = {"", "Reads and repairs a smartmigration ledger: what version the data is at, what ran,",
                    "who holds the lock. It never runs migration steps: they live in the application."},
            commandListHeading = "%nCommands:%n",
            optionListHeading = "%nOptions (the ledger: --mongo-uri URI [--database DB], or --bucket B"
                    + " [--s3-endpoint URL] [--region R]):%n",
            footerHeading = "%nRun 'smartmigration <command> --help' for a command's details.%n%n",
            footer = EXIT_CODES,
            sortOptions = false,
            subcommands = {Status.class, History.class, Unlock.class, Baseline.class,
                    picocli.CommandLine.HelpCommand.class})
    static final class Top {
        @Mixin
        LedgerOptions ledger;
        @Mixin
        HelpOption help;
    }

    /** A command that works on one ledger. */
    abstract static class LedgerCommand {
        @ParentCommand
        Top top;
        @Mixin
        HelpOption help;

        LedgerOptions options() {
            return top.ledger;
        }

        /** Whether the command writes to the ledger. */
        boolean writes() {
            return false;
        }

        /** Carries the command out; the exit code as {@link ExitCodes} says. */
        abstract int execute(MigrationLedger ledger, PrintStream out, PrintStream err);

        /** The ledger's contents, or exit 4 (with {@code exists: false} in JSON) when there is none. */
        Optional<LedgerContents> existing(MigrationLedger ledger, PrintStream out, PrintStream err) {
            Optional<LedgerContents> contents = ledger.read();
            if (contents.isEmpty()) {
                if (options().json) {
                    out.println(Render.missingJson(ledger.describe()));
                }
                err.println("smartmigration: the " + ledger.describe() + " does not exist: nothing was ever written"
                        + " under that name. Check the database or bucket and --ledger-name");
            }
            return contents;
        }

        /** Prints what {@code json} or {@code text} makes of the ledger's contents; exit 4 without a ledger. */
        int show(MigrationLedger ledger, PrintStream out, PrintStream err, Function<LedgerContents, String> json,
                 Function<LedgerContents, String> text) {
            Optional<LedgerContents> contents = existing(ledger, out, err);
            if (contents.isEmpty()) {
                return ExitCodes.NO_LEDGER;
            }
            out.print(options().json ? json.apply(contents.get()) + "\n" : text.apply(contents.get()));
            return ExitCodes.OK;
        }
    }

    @Command(name = "status", customSynopsis = "smartmigration status [options]",
            description = {"data version, lock holder and lease, checkpoint, ensured indexes, last entry", "",
                    "Shows the ledger's data version and when it was last written, the lock (holder,",
                    "host, when taken, lease expiry, live or expired), the checkpoint a resumable step",
                    "will resume from, the index declarations the application ensured and when, and",
                    "the last history entry. Reads only.",
                    "Exit 4 when no ledger of that name exists."},
            descriptionHeading = "%n", parameterListHeading = "%nParameters:%n", optionListHeading = "%nOptions:%n",
            sortOptions = false, footerHeading = "%n", footer = EXIT_CODES)
    static final class Status extends LedgerCommand {
        @Override
        int execute(MigrationLedger ledger, PrintStream out, PrintStream err) {
            return show(ledger, out, err, Render::statusJson, Render::statusText);
        }
    }

    @Command(name = "history", customSynopsis = "smartmigration history [options]",
            description = {"every history entry, oldest first", "",
                    "Lists every history entry, oldest first: step id, versions, status (APPLIED,",
                    "FAILED, STAMPED), skip-forward, start, duration, instance, checksum, error, and",
                    "the step's own output (what its handler recorded with ctx.output).",
                    "Reads only. Exit 4 when no ledger of that name exists."},
            descriptionHeading = "%n", parameterListHeading = "%nParameters:%n", optionListHeading = "%nOptions:%n",
            sortOptions = false, footerHeading = "%n", footer = EXIT_CODES)
    static final class History extends LedgerCommand {
        @Override
        int execute(MigrationLedger ledger, PrintStream out, PrintStream err) {
            return show(ledger, out, err, Render::historyJson, Render::historyText);
        }
    }

    @Command(name = "unlock", customSynopsis = "smartmigration unlock [options]",
            description = {"remove the lock, whoever holds it (names the holder)", "",
                    "Removes the ledger's lock whoever holds it, and names the holder removed: for a",
                    "lock left by a dead instance. An instance still alive behind it cannot corrupt",
                    "the ledger (its next write is refused and it stops with LOCK_LOST), but its step",
                    "may still be running: check the holder first with 'status'.",
                    "Exit 0 also when no lock was held; 4 when no ledger of that name exists."},
            descriptionHeading = "%n", parameterListHeading = "%nParameters:%n", optionListHeading = "%nOptions:%n",
            sortOptions = false, footerHeading = "%n", footer = EXIT_CODES)
    static final class Unlock extends LedgerCommand {
        @Override
        boolean writes() {
            return true;
        }

        @Override
        int execute(MigrationLedger ledger, PrintStream out, PrintStream err) {
            if (existing(ledger, out, err).isEmpty()) {
                return ExitCodes.NO_LEDGER;
            }
            Optional<LockHolder> removed = ledger.forceUnlock();
            out.print(options().json ? Render.unlockJson(ledger.describe(), removed) + "\n"
                    : Render.unlockText(ledger.describe(), removed));
            return ExitCodes.OK;
        }
    }

    @Command(name = "baseline", customSynopsis = "smartmigration baseline <version> [--force] [options]",
            description = {"adopt existing data at <version> without running steps", "",
                    "Sets the ledger to <version> without running any step, for data that already has",
                    "the shape of <version> (created before smartmigration, or restored). The steps up",
                    "to <version> then count as applied; the next start of the application runs the",
                    "steps after it. Records a STAMPED history entry '<baseline>'.",
                    "Refused (exit 3) when the ledger already has a version or history, unless",
                    "--force, and always while another instance holds a live lock."},
            descriptionHeading = "%n", parameterListHeading = "%nParameters:%n", optionListHeading = "%nOptions:%n",
            sortOptions = false, footerHeading = "%n", footer = EXIT_CODES)
    static final class Baseline extends LedgerCommand {
        @Parameters(index = "0", paramLabel = "<version>", description = "the data version to adopt")
        String version;

        @Option(names = "--force", order = 0, description = "overwrite the existing version (the entry keeps the old one)")
        boolean force;

        @Override
        boolean writes() {
            return true;
        }

        @Override
        int execute(MigrationLedger ledger, PrintStream out, PrintStream err) {
            HistoryEntry entry = ledger.baseline(version, force);
            out.print(options().json ? Render.baselineJson(ledger.describe(), entry) + "\n"
                    : Render.baselineText(ledger.describe(), entry));
            return ExitCodes.OK;
        }
    }
}
