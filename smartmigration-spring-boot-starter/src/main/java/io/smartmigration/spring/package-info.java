/**
 * Spring Boot 4 auto-configuration that runs the migration chain while the application context
 * starts, before any bean that uses MongoDB through Spring: {@link
 * io.smartmigration.spring.SmartMigrationAutoConfiguration}, configured by the {@code smartmigration.*}
 * properties ({@link io.smartmigration.spring.SmartMigrationProperties}), with
 * {@link io.smartmigration.spring.SmartMigrationBuilderCustomizer} for anything else, and with the
 * {@code smartmigration} health contributor and endpoint when Actuator is present.
 */
package io.smartmigration.spring;
