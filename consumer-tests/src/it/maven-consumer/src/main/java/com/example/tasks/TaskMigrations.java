package com.example.tasks;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import io.smartmigration.SmartMigration;
import org.bson.Document;
import software.amazon.awssdk.core.sync.RequestBody;

/** The application's migration chain, as a user writes it; the runner gets its backends at startup. */
public final class TaskMigrations {

    private TaskMigrations() {
    }

    public static SmartMigration.Builder chain() {
        return SmartMigration.builder().targetVersion("2.0.0")
                .step("backfill-task-state").from("1.0.0").to("1.1.0")
                .description("tasks without a state are open")
                .up(ctx -> ctx.mongo().getCollection("tasks")
                        .updateMany(Filters.exists("state", false), Updates.set("state", "open")))
                .step("archive-done-tasks").from("1.1.0").to("2.0.0").resumable()
                .description("done tasks move to S3; the document keeps the key")
                // only the tasks not archived yet: a re-run (after a crash, or an orphan version) skips the others
                .up(ctx -> ctx.forEachDocumentBatch("tasks",
                        Filters.and(Filters.eq("state", "done"), Filters.exists("archiveKey", false)), 2, batch -> {
                    for (Document task : batch) {
                        String key = "archive/tasks/" + task.get("_id") + ".json";
                        ctx.s3().putObject(b -> b.bucket(ctx.bucket()).key(key).contentType("application/json"),
                                RequestBody.fromString(new Document("title", task.get("title")).toJson()));
                        ctx.mongo().getCollection("tasks").updateOne(Filters.eq("_id", task.get("_id")),
                                Updates.combine(Updates.set("archiveKey", key), Updates.unset("title")));
                    }
                }));
    }
}
