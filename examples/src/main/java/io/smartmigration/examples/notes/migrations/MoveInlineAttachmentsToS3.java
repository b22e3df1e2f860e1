package io.smartmigration.examples.notes.migrations;

import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.exists;
import static com.mongodb.client.model.Updates.set;

import com.mongodb.client.MongoCollection;
import io.smartmigration.MigrationContext;
import io.smartmigration.MigrationStep;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.bson.Document;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * Release 1.2 stops keeping attachments inside the note documents: each inline, base64-encoded
 * attachment becomes an S3 object {@code attachments/<noteId>/<name>} and the note keeps a
 * reference to it.
 *
 * <pre>
 * before: { _id, ..., attachments: [ { name, contentType, data: "&lt;base64&gt;" } ] }
 * after:  { _id, ..., attachments: [ { name, contentType, size, key: "attachments/&lt;noteId&gt;/&lt;name&gt;" } ] }
 * </pre>
 *
 * <p>Resumable: the notes are walked in {@code _id} order in batches with
 * {@link MigrationContext#forEachDocumentBatch}, which checkpoints after every batch, so a restart
 * after a crash continues after the last finished batch instead of starting over.
 *
 * <p>Idempotent: only notes that still hold inline data are visited, an attachment already
 * replaced by a key is kept as it is, and writing an object again with the same bytes changes
 * nothing. Each note is rewritten once, after all its objects are written, so a crash between
 * the two leaves the note inline and the next run simply writes its objects again.
 */
public final class MoveInlineAttachmentsToS3 implements MigrationStep {

    private final int batchSize;

    /** With {@link NotesMigrations#DEFAULT_BATCH_SIZE} notes per batch. */
    public MoveInlineAttachmentsToS3() {
        this(NotesMigrations.DEFAULT_BATCH_SIZE);
    }

    /** With {@code batchSize} notes per batch: one checkpoint per batch. */
    public MoveInlineAttachmentsToS3(int batchSize) {
        this.batchSize = batchSize;
    }

    @Override
    public String id() {
        return "move-attachments-to-s3";
    }

    @Override
    public String from() {
        return "1.1.0";
    }

    @Override
    public String to() {
        return "1.2.0";
    }

    @Override
    public String description() {
        return "move inline base64 attachments out of the notes into S3 objects attachments/<noteId>/<name>";
    }

    @Override
    public boolean resumable() {
        return true;
    }

    @Override
    public void up(MigrationContext ctx) {
        MongoCollection<Document> notes = ctx.mongo().getCollection("notes");
        AtomicLong moved = new AtomicLong();
        long visited = ctx.forEachDocumentBatch("notes", exists("attachments.data"), batchSize, batch -> {
            for (Document note : batch) {
                List<Document> attachments = new ArrayList<>();
                for (Document attachment : note.getList("attachments", Document.class)) {
                    if (attachment.containsKey("data")) {
                        attachment = upload(ctx, note.get("_id"), attachment);
                        moved.incrementAndGet();
                    }
                    attachments.add(attachment);
                }
                notes.updateOne(eq("_id", note.get("_id")), set("attachments", attachments));
            }
        });
        ctx.output("moved " + moved + " attachment(s) of " + visited + " note(s) to s3://" + ctx.bucket() + "/"
                + AttachmentKeys.BY_NOTE_PREFIX);
    }

    /** Writes one inline attachment to S3 and returns the reference that replaces it. */
    private static Document upload(MigrationContext ctx, Object noteId, Document attachment) {
        String name = attachment.getString("name");
        String contentType = attachment.get("contentType", "application/octet-stream");
        byte[] bytes = Base64.getDecoder().decode(attachment.getString("data"));
        String key = AttachmentKeys.byNote(noteId, name);
        ctx.s3().putObject(put -> put.bucket(ctx.bucket()).key(key).contentType(contentType),
                RequestBody.fromBytes(bytes));
        return new Document("name", name)
                .append("contentType", contentType)
                .append("size", bytes.length)
                .append("key", key);
    }
}
