package io.smartmigration.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("The CLI's usage: help and argument errors, before any server is contacted")
@Timeout(30)
class CliUsageTest {

    private static CliResult cli(String... args) {
        return CliResult.inProcess(List.of(args), Map.of());
    }

    @Test
    @DisplayName("--help lists the commands, the ledger options and the exit codes, and exits 0")
    void generalHelp() {
        CliResult result = cli("--help");

        assertThat(result.exit()).as(result.toString()).isZero();
        assertThat(result.out()).contains("Usage: smartmigration <command>", "status", "history", "unlock",
                "baseline <version>", "--mongo-uri", "--bucket", "--s3-endpoint", "--ledger-name", "--json",
                "Exit codes:", "3  refused");
    }

    @ParameterizedTest(name = "{0} --help")
    @ValueSource(strings = {"status", "history", "unlock", "baseline"})
    @DisplayName("every command has its own --help, which needs no ledger options")
    void commandHelp(String command) {
        CliResult result = cli(command, "--help");

        assertThat(result.exit()).as(result.toString()).isZero();
        assertThat(result.out()).startsWith("Usage: smartmigration " + command).contains("Exit codes:");
    }

    @Test
    @DisplayName("'help baseline' is the same as 'baseline --help' and documents --force")
    void helpCommand() {
        assertThat(cli("help", "baseline").out()).isEqualTo(cli("baseline", "--help").out()).contains("--force");
    }

    @Test
    @DisplayName("ledger options may stand before the command, and in --option=value form")
    void optionsBeforeTheCommand() {
        CliResult result = cli("--bucket=b", "status", "--database", "db");

        assertThat(result.exit()).as(result.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).contains("--database applies to a Mongo ledger (--mongo-uri), not to --bucket");
    }

    @Test
    @DisplayName("no arguments at all is a usage error (exit 1)")
    void noArguments() {
        CliResult result = cli();

        assertThat(result.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).contains("no command given", "--help");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
            "migrate --mongo-uri mongodb://127.0.0.1:1/db",
            "status --mongo-uri mongodb://127.0.0.1:1/db --verbose",
            "status",
            "status --mongo-uri mongodb://127.0.0.1:1/db --bucket b",
            "status --mongo-uri",
            "baseline --mongo-uri mongodb://127.0.0.1:1/db",
            "baseline 1.0.0 2.0.0 --mongo-uri mongodb://127.0.0.1:1/db",
            "status --force --mongo-uri mongodb://127.0.0.1:1/db",
            "history extra --mongo-uri mongodb://127.0.0.1:1/db",
            "status --mongo-uri mongodb://127.0.0.1:1",
            "status --bucket b --database db",
            "status --mongo-uri mongodb://127.0.0.1:1/db --timeout 0",
            "status --mongo-uri not-a-uri --database db",
            "status --bucket b --s3-endpoint 127.0.0.1:9000",
            "status --mongo-uri mongodb://127.0.0.1:1/db --ledger-name bad/name",
            "baseline 1.2 --mongo-uri mongodb://127.0.0.1:1/db"
    })
    @DisplayName("a command line that cannot be carried out exits 1 with a message, without contacting a server")
    void usageErrors(String line) {
        CliResult result = cli(line.split(" "));

        assertThat(result.exit()).as(result.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).startsWith("smartmigration: ").contains("--help");
        assertThat(result.out()).isEmpty();
    }
}
