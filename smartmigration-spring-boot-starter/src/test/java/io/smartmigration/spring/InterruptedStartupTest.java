package io.smartmigration.spring;

import static io.smartmigration.spring.Failures.migrationException;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.smartmigration.ErrorCode;
import io.smartmigration.MigrationStep;
import io.smartmigration.embedded.EmbeddedMongo;
import io.smartmigration.spring.app.TestSteps;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.annotation.Bean;

/**
 * A startup migration that ends with {@code INTERRUPTED} (the JVM shuts down, or the thread is
 * interrupted) fails the start; Spring then destroys the context's beans on that same thread.
 * The drivers refuse to close on an interrupted thread ({@code MongoInterruptedException}), so
 * the starter runs that clean-up with the flag cleared and sets it again afterwards.
 */
@DisplayName("An application start whose migration is interrupted")
class InterruptedStartupTest {

    private static final AtomicReference<Boolean> INTERRUPTED_AT_DESTROY = new AtomicReference<>();
    private static EmbeddedMongo mongo;

    @BeforeAll
    static void startMongo() {
        mongo = EmbeddedMongo.inMemory();
    }

    @AfterAll
    static void stopMongo() {
        mongo.close();
    }

    @AfterEach
    void clearFlag() {
        Thread.interrupted();
    }

    @Test
    @DisplayName("fails with INTERRUPTED, closes the beans on an uninterrupted thread, then restores the interrupt")
    void interruptedStart() {
        INTERRUPTED_AT_DESTROY.set(null);
        // GIVEN an application whose step is interrupted while it runs
        SpringApplicationBuilder app = new SpringApplicationBuilder(InterruptedApp.class)
                .web(WebApplicationType.NONE)
                .properties("spring.mongodb.uri=" + mongo.connectionString() + "/interrupted",
                        "smartmigration.target-version=1.1.0");
        // WHEN it starts
        Throwable failure = catchThrowable(app::run);
        // THEN the start failed with INTERRUPTED in the cause chain
        assertThat(migrationException(failure).code()).isEqualTo(ErrorCode.INTERRUPTED);
        // AND the beans were destroyed while the thread was not interrupted
        assertThat(INTERRUPTED_AT_DESTROY.get()).as("interrupted while Spring destroyed the beans").isFalse();
        // AND the caller of SpringApplication.run sees the interrupt again
        assertThat(Thread.currentThread().isInterrupted()).as("interrupt flag after the failed start").isTrue();
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class InterruptedApp {

        @Bean
        MigrationStep interrupted() {
            return TestSteps.of("interrupted", "1.0.0", "1.1.0", ctx -> {
                Thread.currentThread().interrupt();
                Thread.sleep(60_000);
            });
        }

        /** Created before the migration (no dependency), so destroyed after it failed, on the same thread. */
        @Bean
        DisposableBean destroyProbe() {
            return () -> INTERRUPTED_AT_DESTROY.set(Thread.currentThread().isInterrupted());
        }
    }
}
