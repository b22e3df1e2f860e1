package io.smartmigration.cli;

import io.smartmigration.cli.CliArgs.Command;

/** The help texts: one general, one per command. */
final class Help {

    static final String LEDGER_OPTIONS = """
            Ledger (one of):
              --mongo-uri URI [--database DB]
                                 a MongoDB ledger (collection smartmigration_ledger); the database
                                 defaults to the one in the URI
              --bucket B [--s3-endpoint URL] [--region R]
                                 an S3 ledger (keys under .smartmigration/); credentials from the usual
                                 AWS sources (AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, AWS_PROFILE,
                                 ...); region from --region, AWS_REGION, AWS_DEFAULT_REGION, else
                                 us-east-1; --s3-endpoint for S3-compatible stores (path-style access)
              --data-dir DIR [--database DB]
                                 the ledger in an embedded data folder (the example app's
                                 .smartmigration-data), opened read-only: status and history only,
                                 while the application is stopped; the database defaults to the one
                                 holding a ledger

            Options:
              --ledger-name NAME the ledger's name (default smartmigration)
              --json             machine-readable output on stdout (errors too, as {"error": ...})
              --timeout SECONDS  how long to wait for the server (default 10)
              -h, --help         this help
            """;

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

    private Help() {
    }

    static String general() {
        return """
                Usage: smartmigration <command> [options]

                Reads and repairs a smartmigration ledger: what version the data is at, what ran,
                who holds the lock. It never runs migration steps: they live in the application.

                Commands:
                  status             data version, lock holder and lease, checkpoint, ensured indexes,
                                     last entry
                  history            every history entry, oldest first
                  unlock             remove the lock, whoever holds it (names the holder)
                  baseline <version> adopt existing data at <version> without running steps

                Run 'smartmigration <command> --help' for a command's details.

                """ + LEDGER_OPTIONS + "\n" + EXIT_CODES;
    }

    static String of(Command command) {
        String body = switch (command) {
            case STATUS -> """
                    Shows the ledger's data version and when it was last written, the lock (holder,
                    host, when taken, lease expiry, live or expired), the checkpoint a resumable step
                    will resume from, the indexes the application declared and when they were
                    ensured, and the last history entry. Reads only.
                    Exit 4 when no ledger of that name exists.
                    """;
            case HISTORY -> """
                    Lists every history entry, oldest first: step id, versions, status (APPLIED,
                    FAILED, STAMPED), skip-forward, start, duration, instance, checksum, error, and
                    the step's own output (what its handler recorded with ctx.output).
                    Reads only. Exit 4 when no ledger of that name exists.
                    """;
            case UNLOCK -> """
                    Removes the ledger's lock whoever holds it, and names the holder removed: for a
                    lock left by a dead instance. An instance still alive behind it cannot corrupt
                    the ledger (its next write is refused and it stops with LOCK_LOST), but its step
                    may still be running: check the holder first with 'status'.
                    Exit 0 also when no lock was held; 4 when no ledger of that name exists.
                    """;
            case BASELINE -> """
                    Sets the ledger to <version> without running any step, for data that already has
                    the shape of <version> (created before smartmigration, or restored). The steps up
                    to <version> then count as applied; the next start of the application runs the
                    steps after it. Records a STAMPED history entry '<baseline>'.
                    Refused (exit 3) when the ledger already has a version or history, unless
                    --force, and always while another instance holds a live lock.

                      --force            overwrite the existing version (the entry keeps the old one)
                    """;
        };
        return "Usage: smartmigration " + command.cliName() + command.positional + " [options]\n\n" + body + "\n"
                + LEDGER_OPTIONS + "\n" + EXIT_CODES;
    }
}
