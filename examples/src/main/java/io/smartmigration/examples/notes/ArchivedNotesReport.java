package io.smartmigration.examples.notes;

import static com.mongodb.client.model.Filters.eq;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Accumulators;
import com.mongodb.client.model.Aggregates;
import io.smartmigration.SmartMigration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A nightly job of the notes service: counts the archived notes of each tenant. It reads
 * {@code notes.status}, which only exists once the data is at 1.1.0 (step
 * {@code backfill-note-status}). During a rolling deploy, or on an instance that starts before the
 * migrating one has finished, the data may still be at 1.0.0, where every note would count as not
 * archived: so the job asks {@link SmartMigration#isAtLeast(String)} first and skips the night's
 * report rather than report wrong numbers. The check costs at most one ledger read per second, so
 * it may guard every run of a job, or every request.
 *
 * <pre>{@code
 * ArchivedNotesReport report = new ArchivedNotesReport(migration, database);
 * scheduler.scheduleAtFixedRate(report::run, 0, 1, TimeUnit.DAYS);
 * }</pre>
 */
public final class ArchivedNotesReport {

    /** The data version that gave notes their {@code status}. */
    public static final String NEEDS_VERSION = "1.1.0";

    private static final Logger LOG = LoggerFactory.getLogger(ArchivedNotesReport.class);

    private final SmartMigration migration;
    private final MongoDatabase database;

    public ArchivedNotesReport(SmartMigration migration, MongoDatabase database) {
        this.migration = migration;
        this.database = database;
    }

    /** Archived notes per tenant id; empty when the data is not at {@value #NEEDS_VERSION} yet (the job skips). */
    public Optional<Map<String, Long>> run() {
        if (!migration.isAtLeast(NEEDS_VERSION)) {
            LOG.info("archived-notes report skipped: the data is not at {} yet (a migration is pending or running)",
                    NEEDS_VERSION);
            return Optional.empty();
        }
        Map<String, Long> archived = new TreeMap<>();
        database.getCollection("notes").aggregate(List.of(Aggregates.match(eq("status", "archived")),
                        Aggregates.group("$tenantId", Accumulators.sum("count", 1))))
                .forEach((Document group) -> archived.put(String.valueOf(group.get("_id")),
                        group.get("count", Number.class).longValue()));
        LOG.info("archived-notes report: {}", archived);
        return Optional.of(archived);
    }
}
