package io.smartmigration.reliability.app;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.WriteModel;
import io.smartmigration.MigrationContext;
import io.smartmigration.SmartMigration;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.bson.Document;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The migration chains the child processes run. Every handler leaves a trace per execution in the
 * data, so a test can count how many times each step (or each document / object) was processed.
 *
 * <ul>
 *   <li>{@code markers}: three plain steps {@code 1.0.0 -> 1.1.0 -> 1.2.0 -> 2.0.0}; each execution
 *       of a handler inserts one marker with a fresh UUID (a Mongo document in {@code markers}, or,
 *       without Mongo, an S3 object under {@code markers/<step>/}). A step that ran twice shows as
 *       two markers.</li>
 *   <li>{@code items}: one resumable step {@code backfill} {@code 1.0.0 -> 2.0.0} over the collection
 *       {@code items} ({@code {_id: int, n: int}}) in batches: it sets {@code square = n*n} and
 *       {@code label} (idempotent) and increments {@code visits} (deliberately not idempotent: a
 *       document processed twice shows {@code visits: 2}); one bulk write per batch, or with
 *       {@code writes=perDocument} one write per document; {@code pause=spin} makes the batch
 *       delay a busy wait deaf to interrupts.</li>
 *   <li>{@code parallel-items}: the {@code items} step as a parallel walk ({@code forEachDocument}, {@code
 *       parallelism} workers, default 8), one document per handler call, each reported by an
 *       {@code SMR ITEM} line after its write; {@code itemDelayMs} per item, {@code slowMs} instead for every
 *       {@code slowEvery}-th {@code _id}, so items finish out of order.</li>
 *   <li>{@code objects}: one resumable step {@code copy-objects} {@code 1.0.0 -> 2.0.0} over the
 *       objects under {@code in/}: writes {@code out/<name>} (or {@code <out argument><name>})
 *       derived from the key and ETag
 *       (idempotent) and increments {@code visits} of the key in the Mongo collection
 *       {@code objectVisits} (not idempotent).</li>
 * </ul>
 */
public final class Chains {

    public static final String TARGET = "2.0.0";
    public static final String ITEMS = "items";
    public static final String OBJECT_VISITS = "objectVisits";
    public static final String MARKERS = "markers";
    public static final String IN_PREFIX = "in/";
    public static final String OUT_PREFIX = "out/";

    private Chains() {
    }

    /** Adds the chain named {@code name} to {@code builder}. */
    public static SmartMigration.Builder add(String name, SmartMigration.Builder builder, AppArgs args, Progress progress) {
        int batchSize = args.intValue("batch", 100);
        Duration batchDelay = args.millis("batchDelayMs", 0);
        boolean delayBeforeWrite = args.get("delayAt").orElse("afterWrite").equals("beforeWrite");
        boolean mongoMarkers = args.get("mongo").isPresent();
        String outPrefix = args.get("out").orElse(OUT_PREFIX);
        boolean perDocument = args.get("writes").orElse("bulk").equals("perDocument");
        boolean spin = args.get("pause").orElse("sleep").equals("spin");
        return switch (name) {
            case "markers" -> builder
                    .step("s1").from("1.0.0").to("1.1.0").up(ctx -> marker(ctx, progress, mongoMarkers))
                    .step("s2").from("1.1.0").to("1.2.0").up(ctx -> marker(ctx, progress, mongoMarkers))
                    .step("s3").from("1.2.0").to(TARGET).up(ctx -> marker(ctx, progress, mongoMarkers));
            case "items" -> builder.step("backfill").from("1.0.0").to(TARGET).resumable()
                    .description("square every item, count visits")
                    .up(ctx -> {
                        progress.step(ctx.step().id());
                        ctx.forEachDocumentBatch(ITEMS, batchSize, batch -> {
                            if (delayBeforeWrite) {
                                // tells a test that the step now waits before this batch's writes (a point to freeze it at)
                                progress.line("WAIT step=" + ctx.step().id() + " first=" + batch.get(0).get("_id"));
                                pause(batchDelay, spin);
                            }
                            if (perDocument) {
                                for (Document item : batch) {
                                    backfill(ctx.mongo().getCollection(ITEMS), List.of(item));
                                }
                            } else {
                                backfill(ctx.mongo().getCollection(ITEMS), batch);
                            }
                            progress.batch(ctx.step().id(), batch.get(0).get("_id"), batch.get(batch.size() - 1).get("_id"),
                                    batch.size());
                            if (!delayBeforeWrite) {
                                pause(batchDelay, spin);
                            }
                        });
                    });
            case "parallel-items" -> builder.step("backfill").from("1.0.0").to(TARGET).resumable()
                    .description("square every item with parallel workers, count visits")
                    .up(ctx -> {
                        progress.step(ctx.step().id());
                        MongoCollection<Document> items = ctx.mongo().getCollection(ITEMS);
                        int slowEvery = args.intValue("slowEvery", 0);
                        ctx.forEachDocument(ITEMS, args.intValue("parallelism", 8), item -> {
                            boolean slow = slowEvery > 0 && item.getInteger("_id") % slowEvery == 0;
                            pause(slow ? args.millis("slowMs", 0) : args.millis("itemDelayMs", 0));
                            backfill(items, List.of(item));
                            progress.item(ctx.step().id(), item.get("_id"));
                        });
                    });
            case "objects" -> builder.step("copy-objects").from("1.0.0").to(TARGET).resumable()
                    .description("derive out/ from in/, count visits")
                    .up(ctx -> {
                        progress.step(ctx.step().id());
                        ctx.forEachObjectBatch(IN_PREFIX, batchSize, batch -> {
                            if (delayBeforeWrite) {
                                pause(batchDelay);
                            }
                            copy(ctx, batch, outPrefix);
                            progress.batch(ctx.step().id(), batch.get(0).key(), batch.get(batch.size() - 1).key(), batch.size());
                            if (!delayBeforeWrite) {
                                pause(batchDelay);
                            }
                        });
                    });
            default -> throw new IllegalArgumentException("unknown chain '" + name
                    + "': markers, items, parallel-items or objects");
        };
    }

    /** What {@code backfill} writes for an item with {@code n}: the idempotent part of its output. */
    public static Document expectedItem(int n) {
        return new Document("_id", n).append("n", n).append("square", (long) n * n).append("label", "item-" + n);
    }

    /** What {@code copy-objects} writes for a source object. */
    public static String expectedCopy(String key, String eTag) {
        return "copied " + key + " etag " + eTag;
    }

    private static void marker(MigrationContext ctx, Progress progress, boolean inMongo) throws InterruptedException {
        progress.step(ctx.step().id());
        String id = UUID.randomUUID().toString();
        Thread.sleep(20);   // widen the window in which a second instance could run the same step
        if (inMongo) {
            // acknowledged even on a w:0 client: mongo-java-server drops the connection after an unacknowledged write
            com.mongodb.client.MongoDatabase db = ctx.mongo().getWriteConcern().isAcknowledged() ? ctx.mongo()
                    : ctx.mongo().withWriteConcern(com.mongodb.WriteConcern.W1);
            db.getCollection(MARKERS).insertOne(new Document("_id", id).append("step", ctx.step().id())
                    .append("pid", ProcessHandle.current().pid()));
        } else {
            ctx.s3().putObject(b -> b.bucket(ctx.bucket()).key(MARKERS + "/" + ctx.step().id() + "/" + id),
                    RequestBody.fromString(Long.toString(ProcessHandle.current().pid())));
        }
    }

    private static void backfill(MongoCollection<Document> items, List<Document> batch) {
        List<WriteModel<Document>> writes = new ArrayList<>(batch.size());
        for (Document item : batch) {
            int n = item.getInteger("n");
            Document expected = expectedItem(n);
            writes.add(new UpdateOneModel<>(Filters.eq("_id", item.get("_id")), Updates.combine(
                    Updates.set("square", expected.get("square")),
                    Updates.set("label", expected.get("label")),
                    Updates.inc("visits", 1))));
        }
        items.bulkWrite(writes);
    }

    private static void copy(MigrationContext ctx, List<S3Object> batch, String outPrefix) {
        List<WriteModel<Document>> visits = new ArrayList<>(batch.size());
        for (S3Object source : batch) {
            String name = source.key().substring(IN_PREFIX.length());
            ctx.s3().putObject(b -> b.bucket(ctx.bucket()).key(outPrefix + name),
                    RequestBody.fromString(expectedCopy(source.key(), source.eTag())));
            visits.add(new UpdateOneModel<>(Filters.eq("_id", source.key()), Updates.inc("visits", 1),
                    new UpdateOptions().upsert(true)));
        }
        ctx.mongo().getCollection(OBJECT_VISITS).bulkWrite(visits);
    }

    private static void pause(Duration delay) throws InterruptedException {
        pause(delay, false);
    }

    /** {@code spin}: a busy wait that never looks at the interrupt (a handler deaf to SIGTERM). */
    private static void pause(Duration delay, boolean spin) throws InterruptedException {
        if (delay.isZero()) {
            return;
        }
        if (!spin) {
            Thread.sleep(delay.toMillis());
            return;
        }
        long until = System.nanoTime() + delay.toNanos();
        while (System.nanoTime() < until) {
            Thread.onSpinWait();
        }
    }
}
