package io.smartmigration.spring;

import io.smartmigration.SmartMigration;
import java.util.Optional;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * With Spring Boot Actuator on the class path: the {@code smartmigration} endpoint
 * ({@link SmartMigrationEndpoint}) for the context's {@link SmartMigration}, once exposed
 * ({@code management.endpoints.web.exposure.include=health,smartmigration}).
 */
@AutoConfiguration(after = SmartMigrationAutoConfiguration.class)
@ConditionalOnClass({SmartMigration.class, ConditionalOnAvailableEndpoint.class})
public final class SmartMigrationEndpointAutoConfiguration {

    /**
     * Nested, so that its conditions are only read once the class condition above passed: the
     * endpoint condition's own class is missing without Actuator.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnAvailableEndpoint(SmartMigrationEndpoint.class)
    static class EndpointConfiguration {

        @Bean
        @ConditionalOnBean(SmartMigration.class)
        @ConditionalOnMissingBean
        SmartMigrationEndpoint smartMigrationEndpoint(SmartMigration migration,
                                                      ObjectProvider<SmartMigrationInitializer> initializer) {
            return new SmartMigrationEndpoint(migration, Optional.ofNullable(initializer.getIfAvailable()));
        }
    }
}
