package io.smartmigration.spring;

import io.smartmigration.SmartMigration;

/**
 * Adjusts the {@link SmartMigration.Builder} the starter configures, before it is built: adds
 * lambda steps, listeners, a clock, any option the properties do not cover. Every bean of this
 * type is called, in {@link org.springframework.core.annotation.Order @Order} /
 * {@link org.springframework.core.Ordered} order, after the properties, the backends and the
 * {@link io.smartmigration.MigrationStep} beans (sorted by {@code from}) were applied, so a step
 * it adds comes after those in the chain.
 *
 * <pre>{@code
 * @Bean
 * SmartMigrationBuilderCustomizer statusStep() {
 *     return builder -> builder
 *         .step("add-status").from("1.0.0").to("1.1.0")
 *         .up(ctx -> ctx.mongo().getCollection("users")
 *             .updateMany(Filters.exists("status", false), Updates.set("status", "active")));
 * }
 * }</pre>
 */
@FunctionalInterface
public interface SmartMigrationBuilderCustomizer {

    /** Adjusts the builder; called once, while the {@link SmartMigration} bean is created. */
    void customize(SmartMigration.Builder builder);
}
