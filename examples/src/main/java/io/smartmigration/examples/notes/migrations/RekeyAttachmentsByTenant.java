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
import java.util.Optional;
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
        long[] orphans = {0};
        long visited = ctx.forEachObjectBatch(AttachmentKeys.BY_NOTE_PREFIX, batchSize, batch -> {
            Map<Object, String> tenantOfNote = tenantsOf(notes, batch);
            for (S3Object object : batch) {
                Optional<AttachmentKeys.ByNote> old = AttachmentKeys.parseByNote(object.key());
                String tenantId = old.map(o -> tenantOfNote.get(o.noteId())).orElse(null);
                if (tenantId == null) {
                    ctx.log().warn("{} belongs to no note; left in place", object.key());
                    orphans[0]++;
                    continue;
                }
                String newKey = AttachmentKeys.byTenant(tenantId, old.get().noteId(), old.get().name());
                ctx.s3().copyObject(copy -> copy.sourceBucket(ctx.bucket()).sourceKey(object.key())
                        .destinationBucket(ctx.bucket()).destinationKey(newKey));
                notes.updateOne(and(eq("_id", old.get().noteId()), eq("attachments.key", object.key())),
                        set("attachments.$.key", newKey));
                ctx.s3().deleteObject(delete -> delete.bucket(ctx.bucket()).key(object.key()));
            }
        });
        ctx.log().info("filed {} object(s) under s3://{}/{}<tenantId>/notes/{}", visited - orphans[0], ctx.bucket(),
                AttachmentKeys.BY_TENANT_PREFIX, orphans[0] == 0 ? "" : " (" + orphans[0] + " orphan(s) left in place)");
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
