package io.smartmigration.spring.app;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/** A document the test steps write into {@code events}. */
@Document("events")
public record Event(@Id String id, long order) {
}
