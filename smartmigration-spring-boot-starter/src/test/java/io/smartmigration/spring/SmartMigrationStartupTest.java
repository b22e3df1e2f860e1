package io.smartmigration.spring;

import static io.smartmigration.spring.Failures.migrationException;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.smartmigration.AppliedStep;
import io.smartmigration.ErrorCode;
import io.smartmigration.MigrationResult;
import io.smartmigration.Outcome;
import io.smartmigration.spring.app.StartupRecorder;
import io.smartmigration.spring.app.StartupRecorder.Sighting;
import org.bson.Document;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.context.ConfigurableApplicationContext;

/** Full application starts (SpringApplication, auto-configuration, Spring Data) on the embedded MongoDB. */
@DisplayName("A Spring Boot application with the starter")
class SmartMigrationStartupTest {

    @RegisterExtension
    static final StartedApplications apps = new StartedApplications();

    @Test
    @DisplayName("runs its MigrationStep beans at startup in from order, not in declaration order")
    void stepOrder() {
        // GIVEN the application declares "second" (1.1.0 -> 2.0.0) before "first" (1.0.0 -> 1.1.0)
        String database = apps.freshDatabase();
        // WHEN it starts
        ConfigurableApplicationContext context = apps.start(WebApplicationType.NONE, database, new StartupRecorder());
        // THEN both ran, "first" first
        MigrationResult result = context.getBean(SmartMigrationInitializer.class).result();
        assertThat(result.outcome()).isEqualTo(Outcome.MIGRATED);
        assertThat(result.stepsApplied()).extracting(AppliedStep::id).containsExactly("first", "second");
        assertThat(events(context, "first").getLong("order")).isZero();
        assertThat(events(context, "second").getLong("order")).isEqualTo(1);
    }

    @Test
    @DisplayName("migrates before any MongoTemplate user, repository user or ApplicationRunner exists")
    void migratesBeforeDataUsers() {
        // GIVEN application beans that use a MongoTemplate and a repository in their constructors,
        // and an ApplicationRunner (application beans are registered before auto-configured ones)
        StartupRecorder recorder = new StartupRecorder();
        // WHEN the application starts
        apps.start(WebApplicationType.NONE, apps.freshDatabase(), recorder);
        // THEN each of them already saw the data at 2.0.0 with both steps' documents, the runner last
        assertThat(recorder.sightings()).extracting(Sighting::who)
                .containsExactlyInAnyOrder("MongoTemplate user", "repository user", "ApplicationRunner")
                .last().isEqualTo("ApplicationRunner");
        assertThat(recorder.sightings()).allSatisfy(sighting -> {
            assertThat(sighting.ledgerVersion()).as(sighting.who()).isEqualTo("2.0.0");
            assertThat(sighting.events()).as(sighting.who()).isEqualTo(2);
        });
    }

    @Test
    @DisplayName("is a no-op at its second start")
    void secondStartIsNoOp() {
        // GIVEN an application that migrated at its first start
        String database = apps.freshDatabase();
        apps.start(WebApplicationType.NONE, database, new StartupRecorder()).close();
        // WHEN it starts again
        ConfigurableApplicationContext again = apps.start(WebApplicationType.NONE, database, new StartupRecorder());
        // THEN nothing ran, and the steps' documents were not written twice
        MigrationResult result = again.getBean(SmartMigrationInitializer.class).result();
        assertThat(result.outcome()).isEqualTo(Outcome.NO_OP);
        assertThat(result.stepsApplied()).isEmpty();
        assertThat(again.getBean(org.springframework.data.mongodb.core.MongoTemplate.class)
                .getCollection("events").countDocuments()).isEqualTo(2);
    }

    @Test
    @DisplayName("does not start when a step fails: SmartMigrationException STEP_FAILED in the cause chain, no data user, no runner")
    void failureStopsTheStart() {
        // GIVEN a third step, 2.0.0 -> 2.1.0, that throws
        String database = apps.freshDatabase();
        StartupRecorder recorder = new StartupRecorder();
        // WHEN the application starts
        Throwable failure = catchThrowable(() -> apps.start(WebApplicationType.NONE, database, recorder,
                "test.failing-step=true", "smartmigration.target-version=2.1.0"));
        // THEN the start failed because of the step, before any bean used the data
        assertThat(failure).isNotNull();
        assertThat(migrationException(failure).code()).isEqualTo(ErrorCode.STEP_FAILED);
        assertThat(migrationException(failure)).hasMessageContaining("failing");
        assertThat(recorder.sightings()).isEmpty();
        // AND the ledger kept the last completed step
        assertThat(apps.ledgerVersion(database)).isEqualTo("2.0.0");
    }

    @Test
    @DisplayName("reports a failed migration as Spring Boot's failure analysis: what failed and what to do")
    void failureAnalysis() {
        Throwable failure = catchThrowable(() -> apps.start(WebApplicationType.NONE, apps.freshDatabase(),
                new StartupRecorder(), "test.failing-step=true", "smartmigration.target-version=2.1.0"));

        FailureAnalysis analysis = new SmartMigrationFailureAnalyzer().analyze(failure);

        assertThat(analysis.getDescription()).startsWith("The data migration did not complete: [STEP_FAILED]")
                .contains("failing");
        assertThat(analysis.getAction()).contains("the next start retries the failed one");
    }

    @Test
    @DisplayName("migrates at startup even with spring.main.lazy-initialization=true")
    void lazyInitialization() {
        // GIVEN lazy initialization: no bean is created until something asks for it
        String database = apps.freshDatabase();
        // WHEN the application starts
        apps.start(WebApplicationType.NONE, database, new StartupRecorder(), "spring.main.lazy-initialization=true");
        // THEN the data is already at the target, although no bean asked for the migration
        assertThat(apps.ledgerVersion(database)).isEqualTo("2.0.0");
    }

    private static Document events(ConfigurableApplicationContext context, String id) {
        return context.getBean(org.springframework.data.mongodb.core.MongoTemplate.class)
                .getCollection("events").find(new Document("_id", id)).first();
    }
}
