package io.smartmigration.test;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import io.smartmigration.Checkpoint;
import io.smartmigration.MigrationContext;
import io.smartmigration.SmartMigration;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.bson.Document;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/** Migration chains for the toolkit's own tests: correct ones, and ones with the bugs the checks exist for. */
final class Chains {

    private Chains() {
    }

    /** Users at 1.0.0: three documents and an avatar each. */
    static Fixture users() {
        return Fixture.at("1.0.0").named("three users")
                .documents("users", Document.parse("{_id: 1, name: 'ann'}"), Document.parse("{_id: 2, name: 'bob'}"),
                        Document.parse("{_id: 3, name: 'cid', status: 'blocked'}"))
                .object("avatars/1.png", new byte[] {1, 2, 3}, "image/png");
    }

    /** A correct chain: backfill a field, then export a profile object per user in batches of 2 (resumable). */
    static SmartMigration.Builder correct() {
        return addStatusOnly().targetVersion("2.0.0")
                .step("export-profiles").from("1.1.0").to("2.0.0").resumable()
                .up(ctx -> ctx.forEachDocumentBatch("users", 2, batch -> {
                    for (Document user : batch) {
                        exportProfile(ctx, user);
                    }
                }));
    }

    /** {@link #correct()} with the export as a parallel walk: 4 workers, one user per handler call. */
    static SmartMigration.Builder correctParallel() {
        return addStatusOnly().targetVersion("2.0.0")
                .step("export-profiles").from("1.1.0").to("2.0.0").resumable()
                .up(ctx -> ctx.forEachDocument("users", 4, user -> exportProfile(ctx, user)));
    }

    /** Writes {@code profiles/<id>.json} for a user and records its key on the user: idempotent. */
    private static void exportProfile(MigrationContext ctx, Document user) {
        String key = "profiles/" + user.get("_id") + ".json";
        ctx.s3().putObject(b -> b.bucket(ctx.bucket()).key(key).contentType("application/json"),
                RequestBody.fromString(new Document("name", user.get("name")).append("status", user.get("status")).toJson()));
        ctx.mongo().getCollection("users").updateOne(Filters.eq("_id", user.get("_id")), Updates.set("profileKey", key));
    }

    /** A parallel walk that credits each user with {@code $inc}: a user redone after a crash is credited twice. */
    static SmartMigration.Builder creditingInParallel() {
        return SmartMigration.builder().targetVersion("1.1.0")
                .step("credit-users").from("1.0.0").to("1.1.0").resumable()
                .up(ctx -> ctx.forEachDocument("users", 4, user -> ctx.mongo().getCollection("users")
                        .updateOne(Filters.eq("_id", user.get("_id")), Updates.inc("credits", 10))));
    }

    /** The first step of {@link #correct()} alone. */
    static SmartMigration.Builder addStatusOnly() {
        return SmartMigration.builder().targetVersion("1.1.0")
                .step("add-status").from("1.0.0").to("1.1.0")
                .up(ctx -> ctx.mongo().getCollection("users")
                        .updateMany(Filters.exists("status", false), Updates.set("status", "active")));
    }

    /** A step that {@code $inc}s: every run adds one more login. */
    static SmartMigration.Builder incrementing() {
        return SmartMigration.builder().targetVersion("1.1.0")
                .step("count-logins").from("1.0.0").to("1.1.0")
                .up(ctx -> ctx.mongo().getCollection("users").updateMany(new Document(), Updates.inc("logins", 1)));
    }

    /** A step that inserts without checking whether it already did. */
    static SmartMigration.Builder inserting() {
        return SmartMigration.builder().targetVersion("1.1.0")
                .step("add-audit-entry").from("1.0.0").to("1.1.0")
                .up(ctx -> ctx.mongo().getCollection("audit").insertOne(new Document("event", "migrated")));
    }

    /** A step that appends a line to an S3 object. */
    static SmartMigration.Builder appending() {
        return SmartMigration.builder().targetVersion("1.1.0")
                .step("append-changelog").from("1.0.0").to("1.1.0")
                .up(ctx -> {
                    String before;
                    try {
                        before = ctx.s3().getObjectAsBytes(b -> b.bucket(ctx.bucket()).key("changelog.txt")).asUtf8String();
                    } catch (NoSuchKeyException e) {
                        before = "";
                    }
                    String after = before + "migrated to 1.1.0\n";
                    ctx.s3().putObject(b -> b.bucket(ctx.bucket()).key("changelog.txt").contentType("text/plain"),
                            RequestBody.fromBytes(after.getBytes(StandardCharsets.UTF_8)));
                });
    }

    /**
     * A resumable step that numbers users in batches but keeps its counter in a local variable
     * instead of its checkpoint: a full re-run numbers them the same way (idempotent), a resumed
     * run starts counting from 0 again.
     */
    static SmartMigration.Builder numberingWithoutCheckpoint() {
        return SmartMigration.builder().targetVersion("1.1.0")
                .step("number-users").from("1.0.0").to("1.1.0").resumable()
                .up(ctx -> {
                    AtomicInteger next = new AtomicInteger();
                    ctx.forEachDocumentBatch("users", 1, batch -> {
                        for (Document user : batch) {
                            ctx.mongo().getCollection("users").updateOne(Filters.eq("_id", user.get("_id")),
                                    Updates.set("seq", next.incrementAndGet()));
                        }
                    });
                });
    }

    /**
     * A resumable step that writes its position to the checkpoint but never reads it back, and
     * credits each user with {@code $inc}: a resumed run credits the first users twice.
     */
    static SmartMigration.Builder doubleProcessing() {
        return SmartMigration.builder().targetVersion("1.1.0")
                .step("credit-users").from("1.0.0").to("1.1.0").resumable()
                .up(ctx -> {
                    Checkpoint checkpoint = ctx.checkpoint();
                    MongoCollection<Document> users = ctx.mongo().getCollection("users");
                    for (Document user : users.find().sort(Sorts.ascending("_id"))) {
                        users.updateOne(Filters.eq("_id", user.get("_id")), Updates.inc("credits", 10));
                        checkpoint.put("lastId", String.valueOf(user.get("_id")));
                    }
                });
    }
}
