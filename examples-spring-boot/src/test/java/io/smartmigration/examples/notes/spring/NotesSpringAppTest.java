package io.smartmigration.examples.notes.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.smartmigration.MigrationResult;
import io.smartmigration.Outcome;
import io.smartmigration.examples.notes.migrations.NotesMigrations;
import io.smartmigration.spring.SmartMigrationInitializer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The Spring Boot notes service started as {@code java -jar} starts it, on embedded servers in a temporary folder. */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
@DisplayName("The Spring Boot notes service")
class NotesSpringAppTest {

    @TempDir
    Path dataDir;

    @Test
    @DisplayName("migrates the demo data at its first start, serves 2.0.0 data, and its second start is a no-op")
    void firstStartMigratesSecondIsNoOp() throws Exception {
        // WHEN the service starts on an empty data folder
        try (ConfigurableApplicationContext first = start()) {
            // THEN it seeded 1.0.0 and ran the four steps in chain order, before serving
            MigrationResult result = first.getBean(SmartMigrationInitializer.class).result();
            assertThat(result.outcome()).isEqualTo(Outcome.MIGRATED);
            assertThat(result.currentVersionAfter()).isEqualTo(NotesMigrations.TARGET_VERSION);
            assertThat(result.stepsApplied()).extracting(step -> step.id()).containsExactly("backfill-note-status",
                    "move-attachments-to-s3", "rekey-attachments-by-tenant", "rename-owner-to-owner-id");
            // AND its API shows the migrated shape
            JsonNode acme = get(first, "/notes?tenant=acme");
            assertThat(acme.size()).isEqualTo(8);
            assertThat(acme.path(0).path("status").asString()).isIn("active", "archived");
            assertThat(acme.path(0).path("attachments").path(0).asString()).startsWith("tenants/acme/notes/");
            assertThat(get(first, "/actuator/health/smartmigration").path("status").asString()).isEqualTo("UP");
        }

        // WHEN it starts again on the same data
        try (ConfigurableApplicationContext second = start()) {
            // THEN nothing ran
            MigrationResult result = second.getBean(SmartMigrationInitializer.class).result();
            assertThat(result.outcome()).isEqualTo(Outcome.NO_OP);
            assertThat(result.stepsApplied()).isEmpty();
        }
    }

    private ConfigurableApplicationContext start() {
        return new SpringApplicationBuilder(NotesSpringApp.class)
                .properties("notes.data-dir=" + dataDir, "server.port=0")
                .run();
    }

    private static JsonNode get(ConfigurableApplicationContext context, String path) throws Exception {
        int port = ((WebServerApplicationContext) context).getWebServer().getPort();
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).build();
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("GET " + path).isEqualTo(200);
        return JsonMapper.shared().readTree(response.body());
    }
}
