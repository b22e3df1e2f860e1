package io.smartmigration.spring;

import io.smartmigration.SmartMigration;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * With Spring Boot's health support on the class path (spring-boot-health, which Actuator
 * brings): the {@code smartmigration} health contributor ({@link SmartMigrationHealthIndicator})
 * for the context's {@link SmartMigration}, ours or the application's;
 * {@code management.health.smartmigration.enabled=false} turns it off.
 */
@AutoConfiguration(after = SmartMigrationAutoConfiguration.class)
@ConditionalOnClass({SmartMigration.class, HealthIndicator.class, ConditionalOnEnabledHealthIndicator.class})
public final class SmartMigrationHealthContributorAutoConfiguration {

    /**
     * Nested, so that its conditions are only read once the class condition above passed: the
     * health condition's own class is missing without spring-boot-health.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnBean(SmartMigration.class)
    @ConditionalOnEnabledHealthIndicator("smartmigration")
    static class Contributor {

        /** The bean name gives the contributor's name: {@code smartmigration}. */
        @Bean
        @ConditionalOnMissingBean(name = "smartmigrationHealthIndicator")
        SmartMigrationHealthIndicator smartmigrationHealthIndicator(SmartMigration migration) {
            return new SmartMigrationHealthIndicator(migration);
        }
    }
}
