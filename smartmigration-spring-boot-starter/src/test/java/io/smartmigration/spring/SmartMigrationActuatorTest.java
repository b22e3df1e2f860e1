package io.smartmigration.spring;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import io.smartmigration.LockPolicy;
import io.smartmigration.MigrationResult;
import io.smartmigration.Outcome;
import io.smartmigration.SmartMigration;
import io.smartmigration.spring.app.StartupRecorder;
import io.smartmigration.spring.app.TestSteps;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The health contributor and the endpoint over HTTP, as a load balancer or an operator sees them. */
@DisplayName("Actuator on an application with the starter")
class SmartMigrationActuatorTest {

    private static final String[] ACTUATOR = {"management.endpoints.web.exposure.include=health,smartmigration",
            "management.endpoint.health.show-details=always"};

    @RegisterExtension
    static final StartedApplications apps = new StartedApplications();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).build();

    @Test
    @DisplayName("health 'smartmigration' is UP with the version and the target once the data is migrated")
    void healthUp() throws Exception {
        ConfigurableApplicationContext context = apps.start(WebApplicationType.SERVLET, apps.freshDatabase(),
                new StartupRecorder(), ACTUATOR);

        Response health = get(context, "/actuator/health/smartmigration");

        assertThat(health.status()).isEqualTo(200);
        assertThat(health.json().path("status").asString()).isEqualTo("UP");
        assertThat(health.json().path("details").path("version").asString()).isEqualTo("2.0.0");
        assertThat(health.json().path("details").path("target").asString()).isEqualTo("2.0.0");
    }

    @Test
    @DisplayName("endpoint 'smartmigration' returns the version, the target, each step's state, the lock and what the startup did")
    void endpoint() throws Exception {
        String database = apps.freshDatabase();
        ConfigurableApplicationContext context = apps.start(WebApplicationType.SERVLET, database,
                new StartupRecorder(), ACTUATOR);

        Response response = get(context, "/actuator/smartmigration");

        assertThat(response.status()).isEqualTo(200);
        JsonNode json = response.json();
        assertThat(json.path("ledger").asString()).startsWith("Mongo ledger 'smartmigration' in " + database);
        assertThat(json.path("version").asString()).isEqualTo("2.0.0");
        assertThat(json.path("target").asString()).isEqualTo("2.0.0");
        assertThat(json.path("atTarget").asBoolean()).isTrue();
        assertThat(json.path("lock").isNull()).isTrue();
        assertThat(json.path("steps").size()).isEqualTo(2);
        assertThat(json.path("steps").path(0).path("id").asString()).isEqualTo("first");
        assertThat(json.path("steps").path(0).path("state").asString()).isEqualTo("APPLIED");
        assertThat(json.path("steps").path(0).path("ranAt").asString()).isNotBlank();
        assertThat(json.path("steps").path(1).path("id").asString()).isEqualTo("second");
        assertThat(json.path("startup").path("outcome").asString()).isEqualTo("MIGRATED");
        assertThat(json.path("startup").path("stepsApplied").toString()).isEqualTo("[\"first\",\"second\"]");
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    @DisplayName("health is DOWN with the pending steps and the lock holder while another instance migrates, UP when it is done")
    void healthDownWhileAnotherInstanceMigrates() throws Exception {
        // GIVEN another instance that holds the lock inside step "second"
        String database = apps.freshDatabase();
        CountDownLatch inSecondStep = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<MigrationResult> other;
        try (MongoClient client = apps.mongo().newClient()) {
            SmartMigration otherInstance = SmartMigration.builder()
                    .targetVersion("2.0.0")
                    .mongo(client, database)
                    .instanceId("other-instance")
                    .step(TestSteps.recording("first", "1.0.0", "1.1.0"))
                    .step("second").from("1.1.0").to("2.0.0").up(ctx -> {
                        inSecondStep.countDown();
                        if (!release.await(2, TimeUnit.MINUTES)) {
                            throw new IllegalStateException("the test never released the step");
                        }
                    })
                    .build();
            other = CompletableFuture.supplyAsync(otherInstance::run);
            assertThat(inSecondStep.await(1, TimeUnit.MINUTES)).as("the other instance entered step 'second'").isTrue();

            // WHEN this instance starts with lock-policy SKIP
            ConfigurableApplicationContext context = apps.start(WebApplicationType.SERVLET, database,
                    new StartupRecorder(), ACTUATOR[0], ACTUATOR[1], "smartmigration.lock-policy=skip");
            assertThat(context.getBean(SmartMigrationInitializer.class).result().outcome())
                    .isEqualTo(Outcome.LOCK_HELD_SKIPPED);

            // THEN its health is DOWN (503), naming what is pending and who holds the lock
            Response down = get(context, "/actuator/health/smartmigration");
            assertThat(down.status()).isEqualTo(503);
            assertThat(down.json().path("status").asString()).isEqualTo("DOWN");
            assertThat(down.json().path("details").path("version").asString()).isEqualTo("1.1.0");
            assertThat(down.json().path("details").path("pending").toString()).isEqualTo("[\"second\"]");
            assertThat(down.json().path("details").path("lock").asString()).contains("other-instance");

            // AND once the other instance finished, it is UP
            release.countDown();
            assertThat(other.get(1, TimeUnit.MINUTES).reachedTarget()).isTrue();
            Response up = get(context, "/actuator/health/smartmigration");
            assertThat(up.status()).isEqualTo(200);
            assertThat(up.json().path("details").path("version").asString()).isEqualTo("2.0.0");
        } finally {
            release.countDown();
        }
    }

    private record Response(int status, JsonNode json) {
    }

    private Response get(ConfigurableApplicationContext context, String path) throws IOException, InterruptedException {
        int port = ((WebServerApplicationContext) context).getWebServer().getPort();
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
        return new Response(response.statusCode(), JsonMapper.shared().readTree(response.body()));
    }
}
