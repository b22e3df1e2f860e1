package io.smartmigration.spring.app;

import org.springframework.data.mongodb.repository.MongoRepository;

/** A Spring Data repository, created by Spring Boot's repository auto-configuration. */
public interface EventRepository extends MongoRepository<Event, String> {
}
