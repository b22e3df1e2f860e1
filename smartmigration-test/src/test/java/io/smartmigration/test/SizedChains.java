package io.smartmigration.test;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import io.smartmigration.MigrationContext;
import io.smartmigration.SmartMigration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.bson.Document;
import org.bson.types.ObjectId;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Chains with the bugs users write, and their correct versions, for fixtures of any size: the
 * generated checks must catch each bug whatever the size, and pass each correct chain.
 */
final class SizedChains {

    /** The fixture size the next EngineTestKit run uses (the fixture classes run on the caller's thread). */
    static volatile int size = 3;

    private SizedChains() {
    }

    /** {@link #size} documents in {@code legacy_users}, ids 1..n. */
    static Fixture legacyUsers() {
        Fixture fixture = Fixture.at("1.0.0").named(size + " legacy users");
        for (int i = 1; i <= size; i++) {
            fixture = fixture.documents("legacy_users", new Document("_id", i).append("name", "user" + i)
                    .append("credits", i * 10));
        }
        return fixture;
    }

    /** {@link #size} objects under {@code old/}, keys old/1.txt..old/n.txt. */
    static Fixture oldObjects() {
        Fixture fixture = Fixture.at("1.0.0").named(size + " objects");
        for (int i = 1; i <= size; i++) {
            fixture = fixture.object("old/" + i + ".txt", "content of " + i + "\n");
        }
        return fixture;
    }

    /** {@link #size} users with {@code credits}, ids 1..n. */
    static Fixture users() {
        Fixture fixture = Fixture.at("1.0.0").named(size + " users");
        for (int i = 1; i <= size; i++) {
            fixture = fixture.documents("users", new Document("_id", i).append("credits", i * 10));
        }
        return fixture;
    }

    /** Resumable: moves each legacy user to {@code users}, deleting the source before writing the target. */
    static SmartMigration.Builder mongoDeleteBeforeWrite() {
        return moveUsers(true);
    }

    /** Resumable: the same move, writing the target (an upsert) before deleting the source. */
    static SmartMigration.Builder mongoWriteBeforeDelete() {
        return moveUsers(false);
    }

    private static SmartMigration.Builder moveUsers(boolean deleteFirst) {
        return SmartMigration.builder().targetVersion("1.1.0")
                .step("move-users").from("1.0.0").to("1.1.0").resumable()
                .up(ctx -> ctx.forEachDocumentBatch("legacy_users", 2, batch -> {
                    MongoCollection<Document> legacy = ctx.mongo().getCollection("legacy_users");
                    MongoCollection<Document> users = ctx.mongo().getCollection("users");
                    for (Document user : batch) {
                        Document moved = new Document("_id", user.get("_id")).append("name", user.get("name"));
                        if (deleteFirst) {
                            legacy.deleteOne(Filters.eq("_id", user.get("_id")));
                            users.insertOne(moved);
                        } else {
                            users.replaceOne(Filters.eq("_id", user.get("_id")), moved,
                                    new com.mongodb.client.model.ReplaceOptions().upsert(true));
                            legacy.deleteOne(Filters.eq("_id", user.get("_id")));
                        }
                    }
                }));
    }

    /** Renames old/ to new/, deleting each object before writing its copy; resumable or a plain step. */
    static SmartMigration.Builder s3DeleteBeforeCopy(boolean resumable) {
        return rename(resumable, true);
    }

    /** Renames old/ to new/: copy, then delete; resumable or a plain step. */
    static SmartMigration.Builder s3CopyBeforeDelete(boolean resumable) {
        return rename(resumable, false);
    }

    private static SmartMigration.Builder rename(boolean resumable, boolean deleteFirst) {
        SmartMigration.StepBuilder step = SmartMigration.builder().targetVersion("1.1.0")
                .step("rename-objects").from("1.0.0").to("1.1.0");
        if (resumable) {
            step = step.resumable();
            return step.up(ctx -> ctx.forEachObjectBatch("old/", 2, batch -> batch.forEach(o -> move(ctx, o, deleteFirst))));
        }
        return step.up(ctx -> {
            List<S3Object> all = ctx.s3().listObjectsV2(b -> b.bucket(ctx.bucket()).prefix("old/")).contents();
            all.forEach(o -> move(ctx, o, deleteFirst));
        });
    }

    private static void move(MigrationContext ctx, S3Object object, boolean deleteFirst) {
        String target = "new/" + object.key().substring("old/".length());
        if (deleteFirst) {
            byte[] bytes = ctx.s3().getObjectAsBytes(b -> b.bucket(ctx.bucket()).key(object.key())).asByteArray();
            ctx.s3().deleteObject(b -> b.bucket(ctx.bucket()).key(object.key()));
            ctx.s3().putObject(b -> b.bucket(ctx.bucket()).key(target).contentType("text/plain"), RequestBody.fromBytes(bytes));
        } else {
            ctx.s3().copyObject(b -> b.sourceBucket(ctx.bucket()).sourceKey(object.key())
                    .destinationBucket(ctx.bucket()).destinationKey(target));
            ctx.s3().deleteObject(b -> b.bucket(ctx.bucket()).key(object.key()));
        }
    }

    /**
     * A plain step that skips its work when every user has a balance, and otherwise assumes every
     * user still has the pre-step shape: on partly migrated data it unboxes a missing {@code credits}.
     */
    static SmartMigration.Builder assumesPreStepShape() {
        return SmartMigration.builder().targetVersion("1.1.0")
                .step("credits-to-balance").from("1.0.0").to("1.1.0")
                .up(ctx -> {
                    MongoCollection<Document> users = ctx.mongo().getCollection("users");
                    if (users.countDocuments(Filters.exists("balance", false)) == 0) {
                        return;
                    }
                    for (Document user : users.find()) {
                        int credits = user.getInteger("credits");   // NullPointerException on a migrated user
                        users.updateOne(Filters.eq("_id", user.get("_id")), Updates.combine(
                                Updates.set("balance", new Document("amount", credits)), Updates.unset("credits")));
                    }
                });
    }

    /** The same step, written for data in either shape. */
    static SmartMigration.Builder handlesEitherShape() {
        return SmartMigration.builder().targetVersion("1.1.0")
                .step("credits-to-balance").from("1.0.0").to("1.1.0")
                .up(ctx -> {
                    MongoCollection<Document> users = ctx.mongo().getCollection("users");
                    for (Document user : users.find(Filters.exists("credits"))) {
                        users.updateOne(Filters.eq("_id", user.get("_id")), Updates.combine(
                                Updates.set("balance", new Document("amount", user.getInteger("credits"))),
                                Updates.unset("credits")));
                    }
                });
    }

    /** Stamps each user with the system time and writes an audit entry with a random id (idempotent, not deterministic). */
    static SmartMigration.Builder nonDeterministic() {
        return audit(ctx -> Date.from(Instant.now()), userId -> new ObjectId());
    }

    /** The same with ctx.clock() and an id derived from the user's. */
    static SmartMigration.Builder deterministic() {
        return audit(ctx -> Date.from(ctx.clock().instant()), userId -> "audit-" + userId);
    }

    private static SmartMigration.Builder audit(java.util.function.Function<MigrationContext, Date> now,
                                                java.util.function.Function<Object, Object> auditId) {
        return SmartMigration.builder().targetVersion("1.1.0")
                .step("stamp-users").from("1.0.0").to("1.1.0")
                .up(ctx -> {
                    MongoCollection<Document> users = ctx.mongo().getCollection("users");
                    MongoCollection<Document> audit = ctx.mongo().getCollection("audit");
                    for (Document user : users.find(Filters.exists("migratedAt", false))) {
                        if (audit.countDocuments(Filters.eq("userId", user.get("_id"))) == 0) {
                            audit.insertOne(new Document("_id", auditId.apply(user.get("_id")))
                                    .append("userId", user.get("_id")).append("event", "migrated"));
                        }
                        users.updateOne(Filters.eq("_id", user.get("_id")), Updates.set("migratedAt", now.apply(ctx)));
                    }
                });
    }
}
