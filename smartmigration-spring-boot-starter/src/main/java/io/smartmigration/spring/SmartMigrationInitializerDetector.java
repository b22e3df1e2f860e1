package io.smartmigration.spring;

import java.util.Set;
import org.springframework.boot.sql.init.dependency.AbstractBeansOfTypeDatabaseInitializerDetector;

/**
 * Tells Spring Boot's database initialization ordering that a {@link SmartMigrationInitializer}
 * initializes data, as {@code FlywayMigrationInitializerDatabaseInitializerDetector} does for
 * Flyway: every bean found by a {@code DependsOnDatabaseInitializationDetector} (ours for MongoDB,
 * {@link MongoDependsOnMigrationDetector}; Spring Boot's for JDBC, JPA, jOOQ; and any bean annotated
 * {@code @DependsOnDatabaseInitialization}) then depends on it. Ordered after Flyway and Liquibase,
 * so that an application with both migrates its SQL schema first.
 */
class SmartMigrationInitializerDetector extends AbstractBeansOfTypeDatabaseInitializerDetector {

    /** After Flyway's (1) and Liquibase's detectors. */
    static final int ORDER = 10;

    @Override
    protected Set<Class<?>> getDatabaseInitializerBeanTypes() {
        return Set.of(SmartMigrationInitializer.class);
    }

    @Override
    public int getOrder() {
        return ORDER;
    }

}
