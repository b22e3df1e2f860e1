package io.smartmigration.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.smartmigration.SmartMigration;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * The runnable jar built by the package phase ({@code smartmigration-cli-VERSION-all.jar}) run with
 * {@code java -jar}; executed after {@code package} (execution {@code jar-tests} in the pom).
 */
@DisplayName("The runnable CLI jar")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(120)
class CliJarIT {

    private final MongoFixture mongo = new MongoFixture();
    private Path jar;

    @BeforeAll
    void findJar() {
        String path = System.getProperty("smartmigration.cli.jar");
        // set by the pom's jar-tests execution, after package; a plain 'mvn test -Dtest=...' has no jar yet
        Assumptions.assumeTrue(path != null, "the runnable jar is tested after package (mvn verify)");
        jar = Path.of(path);
        assertThat(jar).as("the shaded jar built by the package phase").exists();
        mongo.newNamespace();
    }

    @AfterAll
    void stop() {
        mongo.close();
    }

    @Test
    @DisplayName("java -jar ... --help exits 0 and prints the usage")
    void help() {
        CliResult result = CliProcess.run(CliProcess.jarLaunch(jar), List.of("--help"), mongo.env());

        assertThat(result.exit()).as(result.toString()).isZero();
        assertThat(result.out()).startsWith("Usage: smartmigration <command>");
    }

    @Test
    @DisplayName("java -jar ... status --json reads a Mongo ledger written by the library")
    void statusOnMongo() throws Exception {
        mongo.configure(SmartMigration.builder().targetVersion("1.1.0"))
                .step("a").from("1.0.0").to("1.1.0").up(ctx -> { }).build().run();
        List<String> args = new ArrayList<>(List.of("status", "--json"));
        args.addAll(mongo.ledgerOptions());

        CliResult result = CliProcess.run(CliProcess.jarLaunch(jar), args, mongo.env());

        assertThat(result.exit()).as(result.toString()).isZero();
        assertThat(Document.parse(result.out()).getString("currentVersion")).isEqualTo("1.1.0");
        assertThat(Files.size(jar)).isLessThan(60L * 1024 * 1024);
    }

    @Test
    @DisplayName("java -jar ... history --json reads an S3 ledger written by the library")
    void historyOnS3() {
        try (S3Fixture s3 = new S3Fixture()) {
            s3.newNamespace();
            s3.configure(SmartMigration.builder().targetVersion("1.1.0"))
                    .step("a").from("1.0.0").to("1.1.0").up(ctx -> { }).build().run();
            List<String> args = new ArrayList<>(List.of("history", "--json"));
            args.addAll(s3.ledgerOptions());

            CliResult result = CliProcess.run(CliProcess.jarLaunch(jar), args, s3.env());

            assertThat(result.exit()).as(result.toString()).isZero();
            assertThat(Document.parse(result.out()).getList("history", Document.class))
                    .extracting(d -> d.getString("stepId")).containsExactly("a");
        }
    }

    @Test
    @DisplayName("java -jar ... history --data-dir reads an embedded data folder without the S3 server in the jar")
    void historyOnDataDir(@org.junit.jupiter.api.io.TempDir Path dir) {
        try (var server = io.smartmigration.embedded.EmbeddedMongo.persistent(
                dir.resolve(io.smartmigration.embedded.EmbeddedServers.MONGO_FILE)); var client = server.newClient()) {
            SmartMigration.builder().targetVersion("1.1.0").mongo(client, "notes")
                    .step("a").from("1.0.0").to("1.1.0").up(ctx -> ctx.output("done")).build().run();
        }

        CliResult result = CliProcess.run(CliProcess.jarLaunch(jar), List.of("history", "--json", "--data-dir",
                dir.toString()), mongo.env());

        assertThat(result.exit()).as(result.toString()).isZero();
        assertThat(Document.parse(result.out()).getList("history", Document.class))
                .extracting(d -> d.getString("output")).containsExactly("done");
    }
}
