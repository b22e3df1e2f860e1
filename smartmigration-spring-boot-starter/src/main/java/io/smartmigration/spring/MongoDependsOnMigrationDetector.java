package io.smartmigration.spring;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.springframework.boot.sql.init.dependency.AbstractBeansOfTypeDependsOnDatabaseInitializationDetector;
import org.springframework.util.ClassUtils;

/**
 * The beans through which an application uses MongoDB with Spring Data: they are created only after
 * the migration ran (Spring Boot makes them depend on every detected database initializer, ours
 * included). Spring Data MongoDB is optional, so its types are looked up by name.
 *
 * <p>{@code MongoTemplate} and the repositories are covered through {@code MongoOperations} and
 * the database factory they are built on; GridFS and the reactive variants likewise. A bean that
 * uses the {@code MongoClient} directly is not detected (the migration itself needs the client):
 * annotate it {@code @DependsOnDatabaseInitialization}.
 */
class MongoDependsOnMigrationDetector extends AbstractBeansOfTypeDependsOnDatabaseInitializationDetector {

    private static final List<String> TYPES = List.of(
            "org.springframework.data.mongodb.MongoDatabaseFactory",
            "org.springframework.data.mongodb.core.MongoOperations",
            "org.springframework.data.mongodb.gridfs.GridFsOperations",
            "org.springframework.data.mongodb.repository.support.MongoRepositoryFactoryBean",
            "org.springframework.data.mongodb.ReactiveMongoDatabaseFactory",
            "org.springframework.data.mongodb.core.ReactiveMongoOperations",
            "org.springframework.data.mongodb.gridfs.ReactiveGridFsOperations",
            "org.springframework.data.mongodb.repository.support.ReactiveMongoRepositoryFactoryBean");

    @Override
    protected Set<Class<?>> getDependsOnDatabaseInitializationBeanTypes() {
        ClassLoader loader = MongoDependsOnMigrationDetector.class.getClassLoader();
        Set<Class<?>> types = new LinkedHashSet<>();
        for (String name : TYPES) {
            if (ClassUtils.isPresent(name, loader)) {
                types.add(ClassUtils.resolveClassName(name, loader));
            }
        }
        return types;
    }
}
