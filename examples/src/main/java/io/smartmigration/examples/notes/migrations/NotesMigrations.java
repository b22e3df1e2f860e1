package io.smartmigration.examples.notes.migrations;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.exists;
import static com.mongodb.client.model.Updates.combine;
import static com.mongodb.client.model.Updates.rename;
import static com.mongodb.client.model.Updates.set;
import static com.mongodb.client.model.Updates.unset;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import io.smartmigration.SmartMigration;
import org.bson.Document;

/**
 * The notes service's data migrations, from the data of release 1.0.0 to that of 2.0.0.
 *
 * <pre>
 * 1.0.0 --backfill-note-status--------&gt; 1.1.0   every note gets a status
 * 1.1.0 --move-attachments-to-s3------&gt; 1.2.0   inline base64 attachments become S3 objects (resumable)
 * 1.2.0 --rekey-attachments-by-tenant-&gt; 1.3.0   objects filed under their tenant (resumable)
 * 1.3.0 --rename-owner-to-owner-id----&gt; 2.0.0   notes.owner becomes ownerId; unique e-mail per tenant
 * </pre>
 *
 * <p>{@link #chain()} holds only the steps and the target: the application binds its backends at
 * startup, and the tests bind each test's scratch database and bucket.
 *
 * <pre>{@code
 * MigrationResult result = NotesMigrations.chain()
 *     .mongo(mongoClient, "notes")
 *     .s3(s3Client, "notes-attachments")
 *     .build()
 *     .run();
 * }</pre>
 *
 * <p>Every step is idempotent (running it again on its own output changes nothing), because a
 * step may run again after a crash or a failure.
 */
public final class NotesMigrations {

    /** The data version release 2.0.0 of the notes service works with. */
    public static final String TARGET_VERSION = "2.0.0";

    /** Documents or objects per batch in the resumable steps (S3 lists at most 1000 keys a page). */
    public static final int DEFAULT_BATCH_SIZE = 100;

    private NotesMigrations() {
    }

    /** The chain, without backends. */
    public static SmartMigration.Builder chain() {
        return chain(DEFAULT_BATCH_SIZE);
    }

    /**
     * The chain with {@code batchSize} documents or objects per batch in its resumable steps (a
     * checkpoint per batch); tests use a small one so that small fixtures span several batches.
     */
    public static SmartMigration.Builder chain(int batchSize) {
        return SmartMigration.builder()
                .targetVersion(TARGET_VERSION)

                // 1.0.0 had a boolean `archived`; 1.1.0 replaces it with a `status`. Both filters
                // only match notes without a status, so a second run matches nothing.
                .step("backfill-note-status").from("1.0.0").to("1.1.0")
                    .description("give every note a status: 'archived' for archived notes, else 'active'")
                    .up(ctx -> {
                        MongoCollection<Document> notes = ctx.mongo().getCollection("notes");
                        long archived = notes.updateMany(and(exists("status", false), eq("archived", true)),
                                combine(set("status", "archived"), unset("archived"))).getModifiedCount();
                        long active = notes.updateMany(exists("status", false),
                                combine(set("status", "active"), unset("archived"))).getModifiedCount();
                        ctx.output(archived + " note(s) now archived, " + active + " active");
                    })

                .step(new MoveInlineAttachmentsToS3(batchSize))  // 1.1.0 -> 1.2.0, resumable
                .step(new RekeyAttachmentsByTenant(batchSize))   // 1.2.0 -> 1.3.0, resumable

                // 2.0.0 names every reference `<thing>Id`, and signs users in by e-mail within
                // their tenant. $rename only matches notes that still have `owner`; creating an
                // index that exists with the same options does nothing.
                .step("rename-owner-to-owner-id").from("1.3.0").to("2.0.0")
                    .description("rename notes.owner to ownerId; make e-mail addresses unique per tenant")
                    .up(ctx -> {
                        long renamed = ctx.mongo().getCollection("notes")
                                .updateMany(exists("owner"), rename("owner", "ownerId")).getModifiedCount();
                        ctx.mongo().getCollection("users").createIndex(Indexes.ascending("tenantId", "email"),
                                new IndexOptions().unique(true).name("tenantId_email_unique"));
                        ctx.output("renamed owner to ownerId in " + renamed
                                + " note(s); users now unique by (tenantId, email)");
                    });
    }
}
