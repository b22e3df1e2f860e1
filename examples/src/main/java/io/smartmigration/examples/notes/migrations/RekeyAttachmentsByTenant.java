package io.smartmigration.examples.notes.migrations;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.in;
import static com.mongodb.client.model.Projections.include;
import static com.mongodb.client.model.Updates.set;

import com.mongodb.client.MongoCollection;
import io.smartmigration.MigrationContext;
import io.smartmigration.MigrationStep;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.bson.Document;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Release 1.3 files every attachment under its tenant, so that a tenant's data can be exported
 * or erased with one prefix: {@code attachments/<noteId>/<name>} becomes
 * {@code tenants/<tenantId>/notes/<noteId>/<name>}, and the key stored in the note follows.
 *
 * <p>Resumable: the objects under {@code attachments/} are walked in key order in batches with
 * {@link MigrationContext#forEachObjectBatch}, which checkpoints the last key of every batch.
 *
 * <p>Idempotent and crash-safe by the order of the three writes per object: copy to the new key,
 * point the note at the new key, and only then delete the old object. Whatever write a crash
 * interrupts, the old object is still listed and the next run repeats the three writes; each is
 * harmless when already done (the note update only matches a note still holding the old key).
 * An object whose note no longer exists is left in place with a warning.
 */
public final class RekeyAttachmentsByTenant implements MigrationStep {

    private final int batchSize;

    /** With {@link NotesMigrations#DEFAULT_BATCH_SIZE} objects per batch. */
    public RekeyAttachmentsByTenant() {
        this(NotesMigrations.DEFAULT_BATCH_SIZE);
    }

    /** With {@code batchSize} objects per batch: one checkpoint per batch. */
    public RekeyAttachmentsByTenant(int batchSize) {
        this.batchSize = batchSize;
    }

    @Override
    public String id() {
        return "rekey-attachments-by-tenant";
    }

    @Override
    public String from() {
        return "1.2.0";
    }

    @Override
    public String to() {
        return "1.3.0";
    }

    @Override
    public String description() {
        return "file attachments under tenants/<tenantId>/notes/<noteId>/<name> and update the notes' keys";
    }

    @Override
    public boolean resumable() {
        return true;
    }

    @Override
    public void up(MigrationContext ctx) {
        MongoCollection<Document> notes = ctx.mongo().getCollection("notes");
        AtomicLong orphans = new AtomicLong();
        long visited = ctx.forEachObjectBatch(AttachmentKeys.BY_NOTE_PREFIX, batchSize, batch -> {
            Map<Object, String> tenantOfNote = tenantsOf(notes, batch);
            for (S3Object object : batch) {
                AttachmentKeys.ByNote old = AttachmentKeys.parseByNote(object.key()).orElse(null);
                String tenantId = old == null ? null : tenantOfNote.get(old.noteId());
                if (tenantId == null) {
                    ctx.log().warn("{} belongs to no note; left in place", object.key());
                    orphans.incrementAndGet();
                } else {
                    rekey(ctx, notes, object.key(), AttachmentKeys.byTenant(tenantId, old.noteId(), old.name()),
                            old.noteId());
                }
            }
        });
        ctx.output("filed " + (visited - orphans.get()) + " object(s) under s3://" + ctx.bucket() + "/"
                + AttachmentKeys.BY_TENANT_PREFIX + "<tenantId>/notes/"
                + (orphans.get() == 0 ? "" : " (" + orphans + " orphan(s) left in place)"));
    }

    /** Copy, re-point, delete: in this order, so that a crash between any two is repaired by a rerun. */
    private static void rekey(MigrationContext ctx, MongoCollection<Document> notes, String oldKey, String newKey,
                              Object noteId) {
        ctx.s3().copyObject(copy -> copy.sourceBucket(ctx.bucket()).sourceKey(oldKey)
                .destinationBucket(ctx.bucket()).destinationKey(newKey));
        notes.updateOne(and(eq("_id", noteId), eq("attachments.key", oldKey)), set("attachments.$.key", newKey));
        ctx.s3().deleteObject(delete -> delete.bucket(ctx.bucket()).key(oldKey));
    }

    /** The tenant of every note referenced by the batch, with one query. */
    private static Map<Object, String> tenantsOf(MongoCollection<Document> notes, List<S3Object> batch) {
        List<Object> noteIds = batch.stream()
                .flatMap(o -> AttachmentKeys.parseByNote(o.key()).stream())
                .map(AttachmentKeys.ByNote::noteId)
                .distinct()
                .toList();
        Map<Object, String> tenants = new HashMap<>();
        notes.find(in("_id", noteIds)).projection(include("tenantId"))
                .forEach(note -> tenants.put(note.get("_id"), note.getString("tenantId")));
        return tenants;
    }
}
