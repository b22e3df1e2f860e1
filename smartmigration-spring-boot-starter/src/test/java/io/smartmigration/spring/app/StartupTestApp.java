package io.smartmigration.spring.app;

import io.smartmigration.MigrationStep;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * A small Spring Boot application with the starter, Spring Data MongoDB, Actuator and Spring MVC:
 * two steps declared in the wrong order (the starter sorts them by {@code from}), a MongoTemplate
 * user, a repository user and an ApplicationRunner. {@code test.failing-step=true} adds a third
 * step, 2.0.0 to 2.1.0, that throws.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import({DataUsers.TemplateUser.class, DataUsers.RepositoryUser.class, DataUsers.Runner.class})
public class StartupTestApp {

    /** Declared first, runs second. */
    @Bean
    MigrationStep second() {
        return TestSteps.recording("second", "1.1.0", "2.0.0");
    }

    @Bean
    MigrationStep first() {
        return TestSteps.recording("first", "1.0.0", "1.1.0");
    }

    @Bean
    @ConditionalOnBooleanProperty("test.failing-step")
    MigrationStep failing() {
        return TestSteps.failing("failing", "2.0.0", "2.1.0");
    }
}
