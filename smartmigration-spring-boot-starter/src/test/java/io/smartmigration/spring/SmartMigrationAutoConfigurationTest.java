package io.smartmigration.spring;

import static io.smartmigration.spring.Failures.migrationException;
import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import io.smartmigration.ErrorCode;
import io.smartmigration.MigrationListener;
import io.smartmigration.MigrationResult;
import io.smartmigration.MigrationStep;
import io.smartmigration.Outcome;
import io.smartmigration.SmartMigration;
import io.smartmigration.embedded.EmbeddedMongo;
import io.smartmigration.spring.app.TestSteps;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.info.BuildProperties;
import org.springframework.boot.mongodb.autoconfigure.MongoAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.annotation.Order;

@DisplayName("SmartMigrationAutoConfiguration")
class SmartMigrationAutoConfigurationTest {

    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static EmbeddedMongo mongo;

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(SmartMigrationAutoConfiguration.class))
            .withBean(MongoClient.class, () -> mongo.newClient())
            .withPropertyValues("smartmigration.database=" + freshDatabase());

    @BeforeAll
    static void startMongo() {
        mongo = EmbeddedMongo.inMemory();
    }

    @AfterAll
    static void stopMongo() {
        mongo.close();
    }

    static String freshDatabase() {
        return "autoconfig" + DATABASES.incrementAndGet();
    }

    @Nested
    @DisplayName("is switched")
    class Switch {

        @Test
        @DisplayName("off by smartmigration.enabled=false: no SmartMigration, no initializer, nothing runs")
        void disabled() {
            runner.withPropertyValues("smartmigration.enabled=false", "smartmigration.target-version=1.0.0")
                    .run(context -> assertThat(context).hasNotFailed()
                            .doesNotHaveBean(SmartMigration.class)
                            .doesNotHaveBean(SmartMigrationInitializer.class));
        }

        @Test
        @DisplayName("on by default: the migration runs while the context starts")
        void enabledByDefault() {
            runner.withPropertyValues("smartmigration.target-version=1.0.0")
                    .run(context -> assertThat(context.getBean(SmartMigrationInitializer.class).result().outcome())
                            .isEqualTo(Outcome.MIGRATED));
        }
    }

    @Nested
    @DisplayName("takes the target version")
    class TargetVersion {

        @Test
        @DisplayName("from smartmigration.target-version")
        void fromProperty() {
            runner.withPropertyValues("smartmigration.target-version=2.1.0")
                    .run(context -> assertThat(context.getBean(SmartMigration.class).targetVersion())
                            .isEqualTo("2.1.0"));
        }

        @Test
        @DisplayName("from the application's BuildProperties when the property is not set")
        void fromBuildProperties() {
            runner.withBean(BuildProperties.class, () -> buildInfo("3.4.0"))
                    .run(context -> assertThat(context.getBean(SmartMigration.class).targetVersion())
                            .isEqualTo("3.4.0"));
        }

        @Test
        @DisplayName("from the property rather than BuildProperties when both are there")
        void propertyWins() {
            runner.withBean(BuildProperties.class, () -> buildInfo("3.4.0"))
                    .withPropertyValues("smartmigration.target-version=2.0.0")
                    .run(context -> assertThat(context.getBean(SmartMigration.class).targetVersion())
                            .isEqualTo("2.0.0"));
        }

        @Test
        @DisplayName("or fails the start, saying what to set, when there is neither")
        void missing() {
            runner.run(context -> {
                assertThat(context).hasFailed();
                assertThat(migrationException(context.getStartupFailure()))
                        .satisfies(e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_CONFIG))
                        .hasMessageContaining("smartmigration.target-version is not set")
                        .hasMessageContaining("build-info");
            });
        }

        @Test
        @DisplayName("and names BuildProperties as its source when that version is not SemVer")
        void buildVersionNotSemver() {
            runner.withBean(BuildProperties.class, () -> buildInfo("1.4"))
                    .run(context -> assertThat(migrationException(context.getStartupFailure()))
                            .satisfies(e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_VERSION))
                            .hasMessageContaining("'1.4' is the application's version in BuildProperties")
                            .hasMessageContaining("smartmigration.target-version"));
        }

        private static BuildProperties buildInfo(String version) {
            Properties entries = new Properties();
            entries.setProperty("version", version);
            return new BuildProperties(entries);
        }
    }

    @Nested
    @DisplayName("binds the backends")
    class Backends {

        @Test
        @DisplayName("the MongoClient bean and smartmigration.database, with the ledger there under ledger-name")
        void mongo() {
            String database = freshDatabase();
            runner.withPropertyValues("smartmigration.target-version=1.0.0", "smartmigration.database=" + database,
                            "smartmigration.ledger-name=orders")
                    .run(context -> assertThat(context.getBean(SmartMigration.class).status().ledger())
                            .startsWith("Mongo ledger 'orders' in " + database + ".smartmigration_ledger"));
        }

        @Test
        @DisplayName("the database Spring Boot's Mongo settings name when smartmigration.database is not set")
        void databaseFromSpringMongo() {
            new ApplicationContextRunner()
                    .withConfiguration(AutoConfigurations.of(MongoAutoConfiguration.class,
                            SmartMigrationAutoConfiguration.class))
                    .withPropertyValues("spring.mongodb.uri=" + mongo.connectionString() + "/fromuri",
                            "smartmigration.target-version=1.0.0")
                    .run(context -> assertThat(context.getBean(SmartMigration.class).status().ledger())
                            .startsWith("Mongo ledger 'smartmigration' in fromuri."));
        }

        @Test
        @DisplayName("spring.mongodb.database over the database of spring.mongodb.uri, as MongoTemplate does")
        void springMongoDatabaseProperty() {
            new ApplicationContextRunner()
                    .withConfiguration(AutoConfigurations.of(MongoAutoConfiguration.class,
                            SmartMigrationAutoConfiguration.class))
                    .withPropertyValues("spring.mongodb.uri=" + mongo.connectionString() + "/fromuri",
                            "spring.mongodb.database=fromproperty", "smartmigration.target-version=1.0.0")
                    .run(context -> assertThat(context.getBean(SmartMigration.class).status().ledger())
                            .startsWith("Mongo ledger 'smartmigration' in fromproperty."));
        }

        @Test
        @DisplayName("none: the start fails with a message naming MongoClient and S3Client")
        void noBackend() {
            new ApplicationContextRunner()
                    .withConfiguration(AutoConfigurations.of(SmartMigrationAutoConfiguration.class))
                    .withPropertyValues("smartmigration.target-version=1.0.0")
                    .run(context -> assertThat(migrationException(context.getStartupFailure()))
                            .satisfies(e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_CONFIG))
                            .hasMessageContaining("no MongoClient bean")
                            .hasMessageContaining("no S3Client bean"));
        }

        @Test
        @DisplayName("smartmigration.bucket without an S3Client bean: the start fails saying so")
        void bucketWithoutClient() {
            runner.withPropertyValues("smartmigration.target-version=1.0.0", "smartmigration.bucket=files")
                    .run(context -> assertThat(migrationException(context.getStartupFailure()))
                            .hasMessageContaining("smartmigration.bucket=files is set but the context has no S3Client"));
        }

        @Test
        @DisplayName("two MongoClient beans without a @Primary: the start fails instead of guessing")
        void ambiguousClients() {
            runner.withBean("second", MongoClient.class, () -> mongo.newClient())
                    .withPropertyValues("smartmigration.target-version=1.0.0")
                    .run(context -> assertThat(migrationException(context.getStartupFailure()))
                            .hasMessageContaining("2 MongoClient beans and none is @Primary"));
        }
    }

    @Nested
    @DisplayName("builds the chain")
    class Chain {

        @Test
        @DisplayName("from the MigrationStep beans ordered by their from version, whatever their bean order")
        void stepsOrderedByFrom() {
            runner.withUserConfiguration(UnorderedSteps.class)
                    .withPropertyValues("smartmigration.target-version=2.0.0")
                    .run(context -> {
                        assertThat(context.getBean(SmartMigration.class).steps())
                                .extracting(MigrationStep::id).containsExactly("one", "two", "three");
                        assertThat(context.getBean(SmartMigrationInitializer.class).result().stepsApplied())
                                .extracting(a -> a.id()).containsExactly("one", "two", "three");
                    });
        }

        @Test
        @DisplayName("with the customizers applied in @Order, after the properties")
        void customizersInOrder() {
            runner.withUserConfiguration(OrderedCustomizers.class)
                    .withPropertyValues("smartmigration.target-version=1.1.0")
                    .run(context -> {
                        assertThat(context.getBean(OrderedCustomizers.class).calls)
                                .containsExactly("first", "second");
                        assertThat(context.getBean(SmartMigration.class).steps())
                                .extracting(MigrationStep::id).containsExactly("from-customizer");
                        assertThat(context.getBean(SmartMigration.class).status().ledger())
                                .startsWith("Mongo ledger 'customized'");
                    });
        }

        @Test
        @DisplayName("with a customizer's step placed by its from version among the bean steps, not after them")
        void customizerStepSortedWithBeanSteps() {
            // GIVEN beans 1.0.0 -> 1.1.0 and 1.2.0 -> 2.0.0, and a customizer adding 1.1.0 -> 1.2.0
            runner.withUserConfiguration(StepsWithAGap.class, MiddleStepCustomizer.class)
                    .withPropertyValues("smartmigration.target-version=2.0.0")
                    // WHEN the context starts THEN the chain runs in version order
                    .run(context -> {
                        assertThat(context).hasNotFailed();
                        assertThat(context.getBean(SmartMigration.class).steps())
                                .extracting(MigrationStep::id).containsExactly("one", "middle", "three");
                        assertThat(context.getBean(SmartMigrationInitializer.class).result().stepsApplied())
                                .extracting(a -> a.id()).containsExactly("one", "middle", "three");
                    });
        }

        @Test
        @DisplayName("with the bean steps visible to a customizer, which may replace them (wrap, reorder) and stays sorted")
        void customizerSeesAndReplacesBeanSteps() {
            List<List<String>> seen = new ArrayList<>();
            // GIVEN a customizer that reads builder.steps() and replaces them in reverse order
            runner.withUserConfiguration(UnorderedSteps.class)
                    .withBean(SmartMigrationBuilderCustomizer.class, () -> builder -> {
                        seen.add(builder.steps().stream().map(MigrationStep::id).toList());
                        List<MigrationStep> reversed = new ArrayList<>(builder.steps());
                        java.util.Collections.reverse(reversed);
                        builder.replaceSteps(reversed);
                    })
                    .withPropertyValues("smartmigration.target-version=2.0.0")
                    .run(context -> {
                        // THEN it saw the beans' steps sorted, and the chain is still in version order
                        assertThat(seen).containsExactly(List.of("one", "two", "three"));
                        assertThat(context.getBean(SmartMigrationInitializer.class).result().stepsApplied())
                                .extracting(a -> a.id()).containsExactly("one", "two", "three");
                    });
        }

        @Test
        @DisplayName("with a customizer's step that leaves a gap: the start fails with CHAIN_GAP naming both steps")
        void customizerStepWithGap() {
            runner.withUserConfiguration(StepsWithAGap.class)
                    .withPropertyValues("smartmigration.target-version=2.0.0")
                    .run(context -> assertThat(migrationException(context.getStartupFailure()))
                            .satisfies(e -> assertThat(e.code()).isEqualTo(ErrorCode.CHAIN_GAP))
                            .hasMessageContaining("'one'").hasMessageContaining("three"));
        }

        @Test
        @DisplayName("with the MigrationListener beans registered")
        void listeners() {
            List<MigrationResult> seen = new ArrayList<>();
            runner.withBean(MigrationListener.class, () -> new MigrationListener() {
                        @Override
                        public void afterRun(MigrationResult result) {
                            seen.add(result);
                        }
                    })
                    .withPropertyValues("smartmigration.target-version=1.0.0")
                    .run(context -> assertThat(seen).singleElement()
                            .isEqualTo(context.getBean(SmartMigrationInitializer.class).result()));
        }

        @Test
        @DisplayName("with smartmigration.fresh-install-version: fresh data is stamped, no step runs")
        void freshInstall() {
            runner.withUserConfiguration(UnorderedSteps.class)
                    .withPropertyValues("smartmigration.target-version=2.0.0",
                            "smartmigration.fresh-install-version=2.0.0")
                    .run(context -> {
                        MigrationResult result = context.getBean(SmartMigrationInitializer.class).result();
                        assertThat(result.outcome()).isEqualTo(Outcome.FRESH_INSTALL);
                        assertThat(result.stepsApplied()).isEmpty();
                    });
        }

        @Test
        @DisplayName("with smartmigration.fail-if-data-ahead: newer data fails the start with DATA_AHEAD_OF_CODE")
        void failIfDataAhead() {
            String database = freshDatabase();
            runner.withPropertyValues("smartmigration.database=" + database, "smartmigration.target-version=3.0.0")
                    .run(context -> assertThat(context).hasNotFailed());
            runner.withPropertyValues("smartmigration.database=" + database, "smartmigration.target-version=2.0.0")
                    .run(context -> assertThat(context.getBean(SmartMigrationInitializer.class).result().outcome())
                            .isEqualTo(Outcome.DATA_AHEAD_OF_CODE));
            runner.withPropertyValues("smartmigration.database=" + database, "smartmigration.target-version=2.0.0",
                            "smartmigration.fail-if-data-ahead=true")
                    .run(context -> assertThat(migrationException(context.getStartupFailure()).code())
                            .isEqualTo(ErrorCode.DATA_AHEAD_OF_CODE));
        }
    }

    @Nested
    @DisplayName("hands SIGTERM over within smartmigration.shutdown-grace")
    class ShutdownGrace {

        @Test
        @DisplayName("10 s by default, as the core's")
        void defaultGrace() {
            runner.withPropertyValues("smartmigration.target-version=1.0.0")
                    .run(context -> assertThat(context.getBean(SmartMigrationProperties.class).getShutdownGrace())
                            .isEqualTo(Duration.ofSeconds(10)));
        }

        @Test
        @DisplayName("listed in the jar's configuration metadata (IDE completion) as a Duration with default 10s")
        void inMetadata() throws java.io.IOException {
            try (java.io.InputStream in = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
                assertThat(in).as("generated metadata").isNotNull();
                String json = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
                String property = "$.properties[?(@.name == 'smartmigration.shutdown-grace')]";
                assertThat(com.jayway.jsonpath.JsonPath.<List<String>>read(json, property + ".type"))
                        .containsExactly("java.time.Duration");
                assertThat(com.jayway.jsonpath.JsonPath.<List<String>>read(json, property + ".defaultValue"))
                        .containsExactly("10s");
            }
        }

        @Test
        @DisplayName("bound from a Spring duration such as 3s")
        void bound() {
            runner.withPropertyValues("smartmigration.target-version=1.0.0", "smartmigration.shutdown-grace=3s")
                    .run(context -> {
                        assertThat(context).hasNotFailed();
                        assertThat(context.getBean(SmartMigrationProperties.class).getShutdownGrace())
                                .isEqualTo(Duration.ofSeconds(3));
                    });
        }

        @Test
        @DisplayName("passed to the builder: a zero grace fails the start with INVALID_CONFIG naming shutdownGrace")
        void passedToBuilder() {
            runner.withPropertyValues("smartmigration.target-version=1.0.0", "smartmigration.shutdown-grace=0s")
                    .run(context -> assertThat(migrationException(context.getStartupFailure()))
                            .satisfies(e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_CONFIG))
                            .hasMessageContaining("shutdownGrace is PT0S"));
        }
    }

    @Nested
    @DisplayName("backs off")
    class BacksOff {

        @Test
        @DisplayName("when the application defines its own SmartMigration: the initializer runs that one")
        void userMigration() {
            runner.withUserConfiguration(OwnMigration.class)
                    .withPropertyValues("smartmigration.target-version=9.9.9")
                    .run(context -> {
                        SmartMigration migration = context.getBean(SmartMigration.class);
                        assertThat(migration.targetVersion()).isEqualTo("1.5.0");
                        assertThat(context.getBean(SmartMigrationInitializer.class).result().targetVersion())
                                .isEqualTo("1.5.0");
                    });
        }
    }

    /** "three", "one", then "two": registration order is not version order. */
    @Configuration(proxyBeanMethods = false)
    @Import(StepsWithAGap.class)
    static class UnorderedSteps {

        @Bean
        MigrationStep second() {
            return TestSteps.recording("two", "1.1.0", "1.2.0");
        }
    }

    /** 1.0.0 -> 1.1.0 and 1.2.0 -> 2.0.0, declared in the reverse order. */
    @Configuration(proxyBeanMethods = false)
    static class StepsWithAGap {

        @Bean
        MigrationStep third() {
            return TestSteps.recording("three", "1.2.0", "2.0.0");
        }

        @Bean
        MigrationStep first() {
            return TestSteps.recording("one", "1.0.0", "1.1.0");
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class MiddleStepCustomizer {

        @Bean
        SmartMigrationBuilderCustomizer middle() {
            return builder -> builder.step(TestSteps.recording("middle", "1.1.0", "1.2.0"));
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class OrderedCustomizers {

        final List<String> calls = new ArrayList<>();

        @Bean
        @Order(2)
        SmartMigrationBuilderCustomizer second() {
            return builder -> {
                calls.add("second");
                builder.step("from-customizer").from("1.0.0").to("1.1.0").up(ctx -> { });
            };
        }

        @Bean
        @Order(1)
        SmartMigrationBuilderCustomizer first() {
            return builder -> {
                calls.add("first");
                builder.ledgerName("customized");
            };
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnMigration {

        @Bean
        SmartMigration ownMigration(MongoClient client) {
            return SmartMigration.builder().targetVersion("1.5.0").mongo(client, freshDatabase()).build();
        }
    }
}
