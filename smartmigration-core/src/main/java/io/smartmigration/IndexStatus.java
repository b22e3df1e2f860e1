package io.smartmigration;

import java.time.Instant;
import java.util.Optional;

/**
 * One index declared with {@link SmartMigration.Builder#index}, in a {@link MigrationStatus}.
 *
 * <pre>{@code
 * migration.status().indexes().stream().filter(i -> i.ensuredAt().isEmpty())
 *     .forEach(i -> log.info("index {}.{} is created at the next run", i.collection(), i.name()));
 * }</pre>
 *
 * @param name       the index's name (given with {@code IndexOptions.name}, else the one MongoDB generates)
 * @param definition its key and options, as JSON: {@code {"key": {"email": 1}, "unique": true}}
 * @param ensuredAt  when a run last ensured this declaration, as the ledger records it; empty when no run
 *                   has ensured it with this definition yet (the next {@link SmartMigration#run()} does)
 */
public record IndexStatus(String collection, String name, String definition, Optional<Instant> ensuredAt) {
}
