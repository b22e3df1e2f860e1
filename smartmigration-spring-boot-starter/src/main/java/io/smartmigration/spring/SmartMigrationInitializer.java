package io.smartmigration.spring;

import io.smartmigration.ErrorCode;
import io.smartmigration.MigrationResult;
import io.smartmigration.SmartMigration;
import io.smartmigration.SmartMigrationException;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.core.Ordered;

/**
 * Runs the {@link SmartMigration} while the application context starts, the way Spring Boot's
 * {@code FlywayMigrationInitializer} runs Flyway: it is a database initializer in Spring Boot's
 * sense, so every bean that uses MongoDB through Spring ({@code MongoDatabaseFactory},
 * {@code MongoTemplate}, repositories, GridFS) and every bean annotated
 * {@code @DependsOnDatabaseInitialization} is created only after {@link SmartMigration#run()}
 * returned; runners and the web server come later still. A failed run throws, which fails the
 * application's start with the {@link io.smartmigration.SmartMigrationException} in the cause
 * chain.
 *
 * <pre>{@code
 * @Bean
 * ApplicationRunner report(SmartMigrationInitializer migration) {
 *     return args -> log.info("data at {}", migration.result().currentVersionAfter());
 * }
 * }</pre>
 */
public class SmartMigrationInitializer implements InitializingBean, Ordered {

    private static final Logger LOG = LoggerFactory.getLogger(SmartMigrationInitializer.class);

    private final SmartMigration migration;
    private volatile MigrationResult result;
    private int order;

    public SmartMigrationInitializer(SmartMigration migration) {
        this.migration = Objects.requireNonNull(migration, "migration");
    }

    /**
     * Runs the migration. A run stopped by a JVM shutdown (SIGTERM) or an interrupt ends with
     * {@code INTERRUPTED} after the lock was released; the core then restores the thread's
     * interrupt flag, and this method clears it again before it fails the start: the failed start
     * carries the stop on, and Spring destroys the context's beans on this very thread right after
     * (closing the {@code MongoClient}, the {@code S3Client}, pools), which the drivers refuse to do
     * on an interrupted thread. {@link InterruptRestorer} sets the flag again once Spring Boot
     * has reported the failed start.
     */
    @Override
    public void afterPropertiesSet() {
        LOG.debug("running {} while the application context starts", migration);
        try {
            result = migration.run();
        } catch (SmartMigrationException e) {
            if (e.code() == ErrorCode.INTERRUPTED && Thread.interrupted()) {
                LOG.debug("interrupt flag cleared so that the context's beans close cleanly; set again after the"
                        + " failed start was reported");
            }
            throw e;
        }
    }

    /**
     * What the startup's {@link SmartMigration#run()} returned.
     *
     * @throws IllegalStateException before the initializer ran (it runs while the context starts,
     *                               so only code that creates it by hand can see that)
     */
    public MigrationResult result() {
        MigrationResult r = result;
        if (r == null) {
            throw new IllegalStateException("the migration has not run yet: SmartMigrationInitializer runs it"
                    + " when the application context creates the bean");
        }
        return r;
    }

    /** The runner this initializer runs. */
    public SmartMigration migration() {
        return migration;
    }

    @Override
    public int getOrder() {
        return order;
    }

    public void setOrder(int order) {
        this.order = order;
    }
}
