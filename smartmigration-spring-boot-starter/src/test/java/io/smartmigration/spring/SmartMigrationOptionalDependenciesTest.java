package io.smartmigration.spring;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import io.smartmigration.MigrationStep;
import io.smartmigration.SmartMigration;
import io.smartmigration.embedded.EmbeddedMongo;
import io.smartmigration.embedded.EmbeddedS3;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.BeanCurrentlyInCreationException;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.mongodb.autoconfigure.DataMongoAutoConfiguration;
import org.springframework.boot.mongodb.autoconfigure.MongoAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.data.mongodb.MongoDatabaseFactory;
import org.springframework.data.mongodb.core.MongoTemplate;
import software.amazon.awssdk.services.s3.S3Client;

@DisplayName("SmartMigrationAutoConfiguration with optional dependencies")
class SmartMigrationOptionalDependenciesTest {

    private static EmbeddedMongo mongo;
    private static EmbeddedS3 s3;

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(SmartMigrationAutoConfiguration.class,
                    SmartMigrationHealthContributorAutoConfiguration.class, SmartMigrationEndpointAutoConfiguration.class))
            .withPropertyValues("smartmigration.target-version=1.0.0");

    @BeforeAll
    static void startServers() {
        mongo = EmbeddedMongo.inMemory();
        s3 = EmbeddedS3.inMemory();
        s3.createBucket("optional-deps");
    }

    @AfterAll
    static void stopServers() {
        s3.close();
        mongo.close();
    }

    @Test
    @DisplayName("without the MongoDB driver: the S3Client bean and smartmigration.bucket hold data and ledger")
    void s3WithoutMongoDriver() {
        runner.withClassLoader(new FilteredClassLoader("com.mongodb."))
                .withBean(S3Client.class, () -> s3.newClient())
                .withPropertyValues("smartmigration.bucket=optional-deps")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(SmartMigration.class).status().ledger())
                            .startsWith("S3 ledger 'smartmigration'");
                });
    }

    @Test
    @DisplayName("without Actuator: no health contributor and no endpoint, the migration still runs")
    void withoutActuator() {
        runner.withClassLoader(new FilteredClassLoader("org.springframework.boot.health.",
                        "org.springframework.boot.actuate."))
                .withBean(MongoClient.class, () -> mongo.newClient())
                .withPropertyValues("smartmigration.database=noactuator",
                        "management.endpoints.web.exposure.include=*")
                .run(context -> assertThat(context).hasNotFailed()
                        .hasSingleBean(SmartMigrationInitializer.class)
                        .doesNotHaveBean(SmartMigrationHealthIndicator.class)
                        .doesNotHaveBean(SmartMigrationEndpoint.class));
    }

    @Test
    @DisplayName("with Actuator: the health contributor is the bean 'smartmigrationHealthIndicator', the endpoint once exposed")
    void withActuator() {
        runner.withBean(MongoClient.class, () -> mongo.newClient())
                .withPropertyValues("smartmigration.database=actuator",
                        "management.endpoints.web.exposure.include=health,smartmigration")
                .run(context -> assertThat(context).hasNotFailed()
                        .hasBean("smartmigrationHealthIndicator")
                        .hasSingleBean(SmartMigrationEndpoint.class));
    }

    @Test
    @DisplayName("management.health.smartmigration.enabled=false turns the health contributor off")
    void healthDisabled() {
        runner.withBean(MongoClient.class, () -> mongo.newClient())
                .withPropertyValues("smartmigration.database=actuator", "management.health.smartmigration.enabled=false")
                .run(context -> assertThat(context).hasNotFailed()
                        .doesNotHaveBean(SmartMigrationHealthIndicator.class));
    }

    @Test
    @DisplayName("a MigrationStep bean that injects MongoTemplate fails the start with Spring's circular-dependency error")
    void stepInjectingMongoTemplate() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(MongoAutoConfiguration.class, DataMongoAutoConfiguration.class,
                        SmartMigrationAutoConfiguration.class))
                .withBean("templateStep", MigrationStep.class, () -> {
                    throw new AssertionError("never created: the template it needs waits for the migration");
                }, definition -> definition.setDependsOn("mongoTemplate"))
                .withPropertyValues("spring.mongodb.uri=" + mongo.connectionString() + "/cycle",
                        "smartmigration.target-version=1.0.0")
                .run(context -> assertThat(context.getStartupFailure())
                        .hasRootCauseInstanceOf(BeanCurrentlyInCreationException.class)
                        .rootCause().hasMessageContaining("circular"));
    }

    @Test
    @DisplayName("with Spring Data MongoDB: MongoTemplate and MongoDatabaseFactory depend on the initializer")
    void springDataDependsOnInitializer() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(MongoAutoConfiguration.class, DataMongoAutoConfiguration.class,
                        SmartMigrationAutoConfiguration.class))
                .withPropertyValues("spring.mongodb.uri=" + mongo.connectionString() + "/springdata",
                        "smartmigration.target-version=1.0.0")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    for (Class<?> type : new Class<?>[] {MongoTemplate.class, MongoDatabaseFactory.class}) {
                        String[] names = context.getBeanNamesForType(type);
                        assertThat(names).as(type.getSimpleName()).hasSize(1);
                        assertThat(Arrays.asList(context.getBeanFactory().getBeanDefinition(names[0]).getDependsOn()))
                                .as("depends-on of " + names[0]).contains("smartMigrationInitializer");
                    }
                });
    }
}
