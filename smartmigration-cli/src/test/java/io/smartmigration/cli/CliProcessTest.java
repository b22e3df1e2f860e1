package io.smartmigration.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smartmigration.SmartMigration;
import io.smartmigration.spi.SimulatedProcessDeath;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * The CLI as an operator runs it: a separate JVM (main class on the test class path) against the
 * embedded servers; what matters here is the process's exit code and a stdout that carries only the
 * command's output (logging goes to stderr). Usage, help and every exit code are specified in-process
 * by {@code CliUsageTest} and {@code CliScenarios}; {@code CliJarIT} runs the shaded jar.
 */
@DisplayName("The CLI as a process")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(120)
class CliProcessTest {

    private final MongoFixture mongo = new MongoFixture();

    @BeforeEach
    void freshDatabase() {
        mongo.newNamespace();
    }

    @AfterAll
    void stop() {
        mongo.close();
    }

    private CliResult cli(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(mongo.ledgerOptions());
        return CliProcess.run(CliProcess.mainClassLaunch(), all, mongo.env());
    }

    private SmartMigration migrated() {
        SmartMigration migration = mongo.configure(SmartMigration.builder().targetVersion("1.1.0"))
                .step("a").from("1.0.0").to("1.1.0").up(ctx -> { }).build();
        migration.run();
        return migration;
    }

    @Test
    @DisplayName("status --json exits 0 and prints one JSON object and nothing else on stdout")
    void statusJson() {
        migrated();

        CliResult result = cli("status", "--json");

        assertThat(result.exit()).as(result.toString()).isZero();
        assertThat(result.out().lines()).hasSize(1);
        assertThat(Document.parse(result.out()).getString("currentVersion")).isEqualTo("1.1.0");
    }

    @Test
    @DisplayName("unlock exits 0 and names the removed holder on stdout and at WARN on stderr")
    void unlock() {
        SmartMigration migration = migrated();
        SmartMigration killed = mongo.configure(SmartMigration.builder().targetVersion("2.0.0").instanceId("crashed-pod-7")
                        .lockTtl(Duration.ofMinutes(20)))
                .step("b").from("1.1.0").to("2.0.0").up(ctx -> {
                    throw new SimulatedProcessDeath("pod killed in step b");
                }).build();
        assertThatThrownBy(killed::run).isInstanceOf(SimulatedProcessDeath.class);
        String host = migration.status().lock().orElseThrow().host();

        CliResult result = cli("unlock");

        assertThat(result.exit()).as(result.toString()).isZero();
        assertThat(result.out()).contains("removed the lock of 'crashed-pod-7' on host " + host);
        assertThat(result.err()).contains("WARN", "force-unlocked", "crashed-pod-7");
        assertThat(migration.status().lock()).isEmpty();
    }

    @Test
    @DisplayName("baseline over existing history exits 3")
    void baselineRefused() {
        migrated();

        CliResult result = cli("baseline", "2.0.0");

        assertThat(result.exit()).as(result.toString()).isEqualTo(ExitCodes.REFUSED);
        assertThat(result.err()).contains("BASELINE_REFUSED");
    }

    @Test
    @DisplayName("status --json on an S3 ledger takes its credentials and region from the AWS variables")
    void statusOnS3() {
        try (S3Fixture s3 = new S3Fixture()) {
            s3.newNamespace();
            s3.configure(SmartMigration.builder().targetVersion("1.1.0"))
                    .step("a").from("1.0.0").to("1.1.0").up(ctx -> { }).build().run();
            List<String> args = new ArrayList<>(List.of("status", "--json"));
            args.addAll(s3.ledgerOptions());

            CliResult result = CliProcess.run(CliProcess.mainClassLaunch(), args, s3.env());

            assertThat(result.exit()).as(result.toString()).isZero();
            assertThat(Document.parse(result.out()).getString("currentVersion")).isEqualTo("1.1.0");
        }
    }
}
