package io.smartmigration.spring;

import io.smartmigration.ErrorCode;
import io.smartmigration.MigrationListener;
import io.smartmigration.MigrationStep;
import io.smartmigration.SmartMigration;
import io.smartmigration.SmartMigrationException;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.LazyInitializationExcludeFilter;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.info.ProjectInfoAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.info.BuildProperties;
import org.springframework.boot.sql.init.dependency.DatabaseInitializationDependencyConfigurer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * Runs the application's migration chain while the context starts.
 *
 * <p>Active unless {@code smartmigration.enabled=false}. Defines a {@link SmartMigration} (unless
 * the application defines its own) from the {@code smartmigration.*} properties
 * ({@link SmartMigrationProperties}), the context's {@code MongoClient} and/or {@code S3Client},
 * the {@link MigrationListener} beans, the {@link SmartMigrationBuilderCustomizer} beans (in
 * {@code @Order}) and the steps: the {@link MigrationStep} beans and those the customizers add,
 * together sorted by {@code from}; and a {@link SmartMigrationInitializer} that
 * runs it. The initializer is registered as a database initializer the way Spring Boot registers
 * Flyway's ({@link DatabaseInitializationDependencyConfigurer}), so the beans that use MongoDB
 * through Spring depend on it (see {@link SmartMigrationInitializerDetector} and
 * {@link MongoDependsOnMigrationDetector}); it is excluded from lazy initialization, so the
 * migration runs at startup even with {@code spring.main.lazy-initialization=true}.
 *
 * <pre>
 * smartmigration.target-version=2.0.0
 * spring.mongodb.uri=mongodb://db-1,db-2,db-3/notes?replicaSet=rs0
 * </pre>
 */
@AutoConfiguration(after = ProjectInfoAutoConfiguration.class,
        afterName = "org.springframework.boot.mongodb.autoconfigure.MongoAutoConfiguration")
@ConditionalOnClass(SmartMigration.class)
@ConditionalOnBooleanProperty(name = SmartMigrationProperties.PREFIX + ".enabled", matchIfMissing = true)
@EnableConfigurationProperties(SmartMigrationProperties.class)
@Import({DatabaseInitializationDependencyConfigurer.class, BackendConfigurations.Mongo.class,
        BackendConfigurations.S3.class})
public final class SmartMigrationAutoConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(SmartMigrationAutoConfiguration.class);

    @Bean
    @ConditionalOnMissingBean
    SmartMigration smartMigration(SmartMigrationProperties properties, ObjectProvider<BuildProperties> buildProperties,
                                  ObjectProvider<BackendBinding> backends, ObjectProvider<MigrationStep> steps,
                                  ObjectProvider<MigrationListener> listeners,
                                  ObjectProvider<SmartMigrationBuilderCustomizer> customizers) {
        Target target = target(properties, buildProperties.getIfAvailable());
        SmartMigration.Builder builder = SmartMigration.builder()
                .targetVersion(target.version())
                .ledgerName(properties.getLedgerName())
                .lockWait(properties.getLockWait())
                .lockTtl(properties.getLockTtl())
                .lockPolicy(properties.getLockPolicy())
                .shutdownGrace(properties.getShutdownGrace())
                .failIfDataAhead(properties.isFailIfDataAhead())
                .validateOnRun(properties.isValidateOnRun());
        Optional.ofNullable(properties.getLedgerBackend()).ifPresent(builder::ledgerBackend);
        Optional.ofNullable(properties.getFreshInstallVersion()).ifPresent(builder::freshInstallVersion);
        List<BackendBinding.Bound> bound = backends.orderedStream()
                .flatMap(binding -> binding.bind(builder).stream())
                .toList();
        requireBackends(properties, bound);
        StepOrder.byFrom(steps.orderedStream()).forEach(builder::step);
        listeners.orderedStream().forEach(builder::listener);
        customizers.orderedStream().forEach(customizer -> customizer.customize(builder));
        // The chain's order comes from the versions, never from where a step was declared: steps a
        // customizer added (or replaced) are sorted together with the beans' steps.
        builder.replaceSteps(StepOrder.byFrom(builder.steps().stream()));
        SmartMigration migration = build(builder, target);
        LOG.info("smartmigration: target {} ({}), {} step(s), {}", migration.targetVersion(), target.source(),
                migration.steps().size(), bound.stream().map(BackendBinding.Bound::description)
                        .collect(Collectors.joining(", ")));
        return migration;
    }

    @Bean
    @ConditionalOnMissingBean
    SmartMigrationInitializer smartMigrationInitializer(SmartMigration migration) {
        return new SmartMigrationInitializer(migration);
    }

    /** The migration runs at startup even when the application initializes its beans lazily. */
    @Bean
    static LazyInitializationExcludeFilter smartMigrationLazyInitializationExcludeFilter() {
        return LazyInitializationExcludeFilter.forBeanTypes(SmartMigrationInitializer.class);
    }

    /** The target version and where it came from, for messages. */
    private record Target(String version, String source) {
    }

    private static Target target(SmartMigrationProperties properties, BuildProperties build) {
        if (properties.getTargetVersion() != null && !properties.getTargetVersion().isBlank()) {
            return new Target(properties.getTargetVersion().strip(), SmartMigrationProperties.PREFIX + ".target-version");
        }
        if (build != null && build.getVersion() != null) {
            return new Target(build.getVersion(), "the application's version in BuildProperties");
        }
        throw new SmartMigrationException(ErrorCode.INVALID_CONFIG, SmartMigrationProperties.PREFIX
                + ".target-version is not set and the application has no build info (BuildProperties): set "
                + SmartMigrationProperties.PREFIX + ".target-version=<the data version this release expects>, or"
                + " generate META-INF/build-info.properties (the build-info goal of spring-boot-maven-plugin)");
    }

    private static void requireBackends(SmartMigrationProperties properties, List<BackendBinding.Bound> bound) {
        boolean mongo = bound.stream().anyMatch(b -> b.kind() == BackendBinding.Kind.MONGO);
        boolean s3 = bound.stream().anyMatch(b -> b.kind() == BackendBinding.Kind.S3);
        if (properties.getDatabase() != null && !mongo) {
            throw new SmartMigrationException(ErrorCode.INVALID_CONFIG, SmartMigrationProperties.PREFIX
                    + ".database=" + properties.getDatabase() + " is set but the context has no MongoClient bean:"
                    + " add spring-boot-starter-mongodb (it defines one from spring.mongodb.*) or define one");
        }
        if (properties.getBucket() != null && !s3) {
            throw new SmartMigrationException(ErrorCode.INVALID_CONFIG, SmartMigrationProperties.PREFIX
                    + ".bucket=" + properties.getBucket() + " is set but the context has no S3Client bean:"
                    + " add software.amazon.awssdk:s3 and define an S3Client bean");
        }
        if (!mongo && !s3) {
            throw new SmartMigrationException(ErrorCode.INVALID_CONFIG, "smartmigration has no backend: the context"
                    + " has no MongoClient bean (add spring-boot-starter-mongodb and set spring.mongodb.uri) and no"
                    + " S3Client bean with " + SmartMigrationProperties.PREFIX + ".bucket set; or disable the"
                    + " migration with " + SmartMigrationProperties.PREFIX + ".enabled=false");
        }
    }

    private static SmartMigration build(SmartMigration.Builder builder, Target target) {
        try {
            return builder.build();
        } catch (SmartMigrationException e) {
            if (e.code() == ErrorCode.INVALID_VERSION && e.getMessage().contains(target.version())
                    && !target.source().startsWith(SmartMigrationProperties.PREFIX)) {
                throw new SmartMigrationException(e.code(), e.getMessage() + " (the target version '"
                        + target.version() + "' is " + target.source() + "; set " + SmartMigrationProperties.PREFIX
                        + ".target-version to the data version this release expects)", e);
            }
            throw e;
        }
    }
}
