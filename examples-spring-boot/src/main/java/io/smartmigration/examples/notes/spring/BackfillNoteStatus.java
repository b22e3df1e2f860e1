package io.smartmigration.examples.notes.spring;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.exists;
import static com.mongodb.client.model.Updates.combine;
import static com.mongodb.client.model.Updates.set;
import static com.mongodb.client.model.Updates.unset;

import com.mongodb.client.MongoCollection;
import io.smartmigration.MigrationContext;
import io.smartmigration.MigrationStep;
import org.bson.Document;

/**
 * 1.0.0 to 1.1.0: the boolean {@code archived} of a note becomes a {@code status} ({@code archived}
 * or {@code active}). The plain notes service writes this step as a lambda; a Spring application
 * declares its steps as beans, so here it is a class. Idempotent: both updates only match notes
 * without a status.
 */
public final class BackfillNoteStatus implements MigrationStep {

    @Override
    public String id() {
        return "backfill-note-status";
    }

    @Override
    public String from() {
        return "1.0.0";
    }

    @Override
    public String to() {
        return "1.1.0";
    }

    @Override
    public String description() {
        return "give every note a status: 'archived' for archived notes, else 'active'";
    }

    @Override
    public void up(MigrationContext ctx) {
        MongoCollection<Document> notes = ctx.mongo().getCollection("notes");
        long archived = notes.updateMany(and(exists("status", false), eq("archived", true)),
                combine(set("status", "archived"), unset("archived"))).getModifiedCount();
        long active = notes.updateMany(exists("status", false),
                combine(set("status", "active"), unset("archived"))).getModifiedCount();
        ctx.log().info("{} note(s) now archived, {} active", archived, active);
    }
}
