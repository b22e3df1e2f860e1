package io.smartmigration.spring;

import io.smartmigration.SmartMigration;
import java.util.Optional;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * With Spring Boot Actuator on the class path: the {@code smartmigration} health contributor
 * ({@link SmartMigrationHealthIndicator}; {@code management.health.smartmigration.enabled=false}
 * turns it off) and the {@code smartmigration} endpoint ({@link SmartMigrationEndpoint}), for the
 * context's {@link SmartMigration}, ours or the application's.
 */
@AutoConfiguration(after = SmartMigrationAutoConfiguration.class)
@ConditionalOnClass(SmartMigration.class)
public final class SmartMigrationActuatorAutoConfiguration {

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator")
    @ConditionalOnBean(SmartMigration.class)
    @ConditionalOnEnabledHealthIndicator("smartmigration")
    static class Health {

        /** The bean name gives the contributor's name: {@code smartmigration}. */
        @Bean
        @ConditionalOnMissingBean(name = "smartmigrationHealthIndicator")
        SmartMigrationHealthIndicator smartmigrationHealthIndicator(SmartMigration migration) {
            return new SmartMigrationHealthIndicator(migration);
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint")
    @ConditionalOnBean(SmartMigration.class)
    @ConditionalOnAvailableEndpoint(SmartMigrationEndpoint.class)
    static class EndpointConfiguration {

        @Bean
        @ConditionalOnMissingBean
        SmartMigrationEndpoint smartMigrationEndpoint(SmartMigration migration,
                                                      ObjectProvider<SmartMigrationInitializer> initializer) {
            return new SmartMigrationEndpoint(migration, Optional.ofNullable(initializer.getIfAvailable()));
        }
    }
}
