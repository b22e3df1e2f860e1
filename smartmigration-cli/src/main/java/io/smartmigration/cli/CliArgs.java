package io.smartmigration.cli;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A parsed command line: {@code <command> [positional] [--option value | --option=value | --flag]...},
 * options in any order, before or after the command.
 */
record CliArgs(
        Optional<Command> command,
        boolean help,
        Optional<String> mongoUri,
        Optional<String> database,
        Optional<String> s3Endpoint,
        Optional<String> bucket,
        Optional<String> region,
        String ledgerName,
        boolean json,
        boolean force,
        Duration timeout,
        Optional<String> version,
        Optional<String> dataDir) {

    /** The commands; each names its positional arguments for the help. */
    enum Command {
        STATUS(""), HISTORY(""), UNLOCK(""), BASELINE(" <version>");

        final String positional;

        Command(String positional) {
            this.positional = positional;
        }

        String cliName() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Optional<Command> named(String name) {
            for (Command c : values()) {
                if (c.cliName().equals(name)) {
                    return Optional.of(c);
                }
            }
            return Optional.empty();
        }
    }

    boolean isMongo() {
        return mongoUri.isPresent();
    }

    /** Whether the command writes to the ledger. */
    boolean writes() {
        return command.filter(c -> c == Command.UNLOCK || c == Command.BASELINE).isPresent();
    }

    static CliArgs parse(String[] args) throws UsageException {
        Optional<Command> command = Optional.empty();
        List<String> positional = new ArrayList<>();
        boolean help = false;
        boolean json = false;
        boolean force = false;
        String mongoUri = null;
        String database = null;
        String endpoint = null;
        String bucket = null;
        String region = null;
        String ledgerName = "smartmigration";
        String timeout = "10";
        String dataDir = null;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String name = arg;
            String inline = null;
            if (arg.startsWith("--") && arg.contains("=")) {
                name = arg.substring(0, arg.indexOf('='));
                inline = arg.substring(arg.indexOf('=') + 1);
            }
            switch (name) {
                case "-h", "--help" -> help = true;
                case "--json" -> json = true;
                case "--force" -> force = true;
                case "--mongo-uri", "--database", "--s3-endpoint", "--bucket", "--region", "--ledger-name", "--timeout",
                        "--data-dir" -> {
                    String value = inline;
                    if (value == null) {
                        if (i + 1 >= args.length || args[i + 1].startsWith("--")) {
                            throw new UsageException(name + " needs a value");
                        }
                        value = args[++i];
                    }
                    if (value.isBlank()) {
                        throw new UsageException(name + " needs a value");
                    }
                    switch (name) {
                        case "--mongo-uri" -> mongoUri = value;
                        case "--database" -> database = value;
                        case "--s3-endpoint" -> endpoint = value;
                        case "--bucket" -> bucket = value;
                        case "--region" -> region = value;
                        case "--ledger-name" -> ledgerName = value;
                        case "--data-dir" -> dataDir = value;
                        default -> timeout = value;
                    }
                }
                default -> {
                    if (arg.startsWith("-")) {
                        throw new UsageException("unknown option " + arg);
                    }
                    if (command.isEmpty() && !arg.equals("help")) {
                        command = Optional.of(Command.named(arg).orElseThrow(() -> new UsageException(
                                "unknown command '" + arg + "': use status, history, unlock or baseline")));
                    } else if (command.isEmpty()) {
                        help = true;
                    } else {
                        positional.add(arg);
                    }
                }
            }
        }
        Duration timeoutDuration = parseTimeout(timeout);
        CliArgs parsed = new CliArgs(command, help, Optional.ofNullable(mongoUri), Optional.ofNullable(database),
                Optional.ofNullable(endpoint), Optional.ofNullable(bucket), Optional.ofNullable(region), ledgerName,
                json, force, timeoutDuration, positional.isEmpty() ? Optional.empty() : Optional.of(positional.get(0)),
                Optional.ofNullable(dataDir));
        if (!help) {
            parsed.check(positional);
        }
        return parsed;
    }

    private void check(List<String> positional) throws UsageException {
        Command c = command.orElseThrow(() -> new UsageException("no command given: use status, history, unlock or baseline"));
        if (c == Command.BASELINE && positional.size() != 1) {
            throw new UsageException("baseline needs exactly one version, e.g. baseline 1.4.0");
        }
        if (c != Command.BASELINE && !positional.isEmpty()) {
            throw new UsageException(c.cliName() + " takes no argument, got '" + positional.get(0) + "'");
        }
        if (force && c != Command.BASELINE) {
            throw new UsageException("--force applies to baseline only");
        }
        if (dataDir.isPresent()) {
            if (mongoUri.isPresent() || bucket.isPresent() || s3Endpoint.isPresent() || region.isPresent()) {
                throw new UsageException("--data-dir opens an embedded data folder: give it alone, without --mongo-uri,"
                        + " --bucket, --s3-endpoint or --region");
            }
            if (writes()) {
                throw new UsageException("--data-dir opens the data read-only, and " + c.cliName() + " writes: run "
                        + c.cliName() + " against a running server (--mongo-uri), or from the application");
            }
            return;
        }
        if (mongoUri.isPresent() == bucket.isPresent()) {
            throw new UsageException(mongoUri.isPresent() ? "give either --mongo-uri or --bucket, not both"
                    : "no ledger given: use --mongo-uri URI --database DB, --bucket B [--s3-endpoint URL], or --data-dir DIR");
        }
        if (mongoUri.isPresent() && (s3Endpoint.isPresent() || region.isPresent())) {
            throw new UsageException("--s3-endpoint and --region apply to an S3 ledger (--bucket), not to --mongo-uri");
        }
        if (bucket.isPresent() && database.isPresent()) {
            throw new UsageException("--database applies to a Mongo ledger (--mongo-uri), not to --bucket");
        }
    }

    private static Duration parseTimeout(String value) throws UsageException {
        try {
            int seconds = Integer.parseInt(value);
            if (seconds > 0) {
                return Duration.ofSeconds(seconds);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UsageException("--timeout must be a whole number of seconds above 0, got '" + value + "'");
    }
}
