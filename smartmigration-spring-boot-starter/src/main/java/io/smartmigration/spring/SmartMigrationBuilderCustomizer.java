package io.smartmigration.spring;

import io.smartmigration.SmartMigration;

/**
 * Adjusts the {@link SmartMigration.Builder} the starter configures, before it is built: adds
 * lambda steps, listeners, a clock, any option the properties do not cover. Every bean of this
 * type is called, in {@link org.springframework.core.annotation.Order @Order} /
 * {@link org.springframework.core.Ordered} order, after the properties, the backends and the
 * {@link io.smartmigration.MigrationStep} beans (sorted by {@code from}) were applied; it sees
 * those in {@code builder.steps()}. After the last customizer, every step, the beans' and the
 * customizers', is sorted by {@code from} (SemVer precedence, ties in the order they were
 * registered) and the chain is validated as usual: where a step is declared, bean or
 * customizer, never decides where it runs, so a customizer may add a step in the middle of the
 * chain, or wrap the beans' steps with {@code builder.replaceSteps(...)}.
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
