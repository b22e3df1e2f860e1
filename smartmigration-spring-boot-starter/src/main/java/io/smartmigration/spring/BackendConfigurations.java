package io.smartmigration.spring;

import com.mongodb.client.MongoClient;
import io.smartmigration.ErrorCode;
import io.smartmigration.SmartMigrationException;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.mongodb.autoconfigure.MongoConnectionDetails;
import org.springframework.boot.mongodb.autoconfigure.MongoProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.annotation.Order;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The backends the starter takes from the context, each in a configuration that exists only when
 * its driver is on the class path (the core marks both drivers optional).
 */
final class BackendConfigurations {

    private static final Logger LOG = LoggerFactory.getLogger(SmartMigrationAutoConfiguration.class);

    private BackendConfigurations() {
    }

    /** The context's {@code MongoClient} (Spring Boot's, or the application's own). */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "com.mongodb.client.MongoClient")
    @Import(SpringBootMongo.class)
    static class Mongo {

        @Bean
        @Order(0)
        BackendBinding smartMigrationMongoBinding(ObjectProvider<MongoClient> clients,
                                                  SmartMigrationProperties properties,
                                                  ObjectProvider<MongoDatabaseSource> springBootDatabase) {
            return builder -> {
                Optional<MongoClient> client = unique(clients, "MongoClient");
                if (client.isEmpty()) {
                    return Optional.empty();
                }
                String database = Optional.ofNullable(properties.getDatabase())
                        .or(() -> Optional.ofNullable(springBootDatabase.getIfAvailable())
                                .flatMap(MongoDatabaseSource::database))
                        .filter(name -> !name.isBlank())
                        .orElseThrow(() -> new SmartMigrationException(ErrorCode.INVALID_CONFIG,
                                "the context has a MongoClient bean but no database is named: set "
                                        + SmartMigrationProperties.PREFIX + ".database (or spring.mongodb.database,"
                                        + " or a database in spring.mongodb.uri)"));
                builder.mongo(client.get(), database);
                return Optional.of(new BackendBinding.Bound(BackendBinding.Kind.MONGO,
                        "MongoDB database '" + database + "'"));
            };
        }
    }

    /** The database Spring Boot's Mongo support would use, when spring-boot-mongodb is on the class path. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.boot.mongodb.autoconfigure.MongoConnectionDetails")
    static class SpringBootMongo {

        /** As Spring Boot's MongoDatabaseFactory picks it, so that the steps and MongoTemplate share a database. */
        @Bean
        MongoDatabaseSource smartMigrationSpringBootMongoDatabase(ObjectProvider<MongoProperties> properties,
                                                                 ObjectProvider<MongoConnectionDetails> details) {
            return () -> Optional.ofNullable(properties.getIfAvailable()).map(MongoProperties::getDatabase)
                    .or(() -> Optional.ofNullable(details.getIfAvailable())
                            .map(d -> d.getConnectionString().getDatabase()));
        }
    }

    /** The context's {@code S3Client}, with {@code smartmigration.bucket}. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "software.amazon.awssdk.services.s3.S3Client")
    static class S3 {

        @Bean
        @Order(1)
        BackendBinding smartMigrationS3Binding(ObjectProvider<S3Client> clients, SmartMigrationProperties properties) {
            return builder -> {
                Optional<S3Client> client = unique(clients, "S3Client");
                if (client.isEmpty()) {
                    return Optional.empty();
                }
                if (properties.getBucket() == null || properties.getBucket().isBlank()) {
                    LOG.info("smartmigration: the context has an S3Client bean but {}.bucket is not set: the steps"
                            + " get no S3 (ctx.s3() fails)", SmartMigrationProperties.PREFIX);
                    return Optional.empty();
                }
                builder.s3(client.get(), properties.getBucket());
                return Optional.of(new BackendBinding.Bound(BackendBinding.Kind.S3,
                        "S3 bucket '" + properties.getBucket() + "'"));
            };
        }
    }

    /** The single (or primary) bean of a type; several without a primary is a configuration error. */
    private static <T> Optional<T> unique(ObjectProvider<T> beans, String type) {
        T unique = beans.getIfUnique();
        if (unique != null) {
            return Optional.of(unique);
        }
        List<T> all = beans.stream().toList();
        if (all.isEmpty()) {
            return Optional.empty();
        }
        throw new SmartMigrationException(ErrorCode.INVALID_CONFIG, "the context has " + all.size() + " " + type
                + " beans and none is @Primary: mark the one the migration uses @Primary, or define the"
                + " SmartMigration bean yourself");
    }
}
