package io.smartmigration.spring;

import java.util.Optional;

/**
 * The database Spring Boot's own Mongo support works on (what {@code MongoTemplate} uses), when
 * spring-boot-mongodb is on the class path: {@code spring.mongodb.database}, else the database of
 * the connection details ({@code spring.mongodb.uri}, a Testcontainers or Docker Compose service
 * connection).
 */
@FunctionalInterface
interface MongoDatabaseSource {

    Optional<String> database();
}
