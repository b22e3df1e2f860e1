package io.smartmigration.test;

import com.mongodb.client.ClientSession;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import io.smartmigration.BatchHandler;
import io.smartmigration.Checkpoint;
import io.smartmigration.ItemHandler;
import io.smartmigration.MigrationContext;
import io.smartmigration.StepInfo;
import java.time.Clock;
import java.util.Optional;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.slf4j.Logger;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The runner's context with the harness's fixed {@link #clock()}; with a {@link StepProbe}, the
 * Mongo clients are wrapped so writes are counted (S3 writes are counted by {@link S3WriteCounting})
 * and batch handlers wrapped so batches are counted, and a crash point kills the step there. Item
 * handlers of the parallel walks run on the walk's worker threads: each is wrapped so that its S3
 * writes are reported to the probe from that thread too (its Mongo writes go through {@link #mongo()}
 * as always), so crash points after the n-th write land inside parallel walks. A parallel walk has
 * no batches: it counts for crash points by its writes only.
 */
final class ProbedContext implements MigrationContext {

    private final MigrationContext ctx;
    private final Optional<StepProbe> probe;
    private final Clock clock;

    ProbedContext(MigrationContext ctx, Optional<StepProbe> probe, Clock clock) {
        this.ctx = ctx;
        this.probe = probe;
        this.clock = clock;
    }

    @Override
    public MongoDatabase mongo() {
        return probe.map(p -> WriteCounting.database(ctx.mongo(), p)).orElseGet(ctx::mongo);
    }

    @Override
    public MongoClient mongoClient() {
        return probe.map(p -> WriteCounting.client(ctx.mongoClient(), p)).orElseGet(ctx::mongoClient);
    }

    /** The harness's step clock: fixed, so that every run of a test writes the same instants. */
    @Override
    public Clock clock() {
        return clock;
    }

    @Override
    public ClientSession startSession() {
        return ctx.startSession();
    }

    @Override
    public S3Client s3() {
        return ctx.s3();   // writes counted by S3WriteCounting, an interceptor of the toolkit's clients
    }

    @Override
    public String bucket() {
        return ctx.bucket();
    }

    @Override
    public StepInfo step() {
        return ctx.step();
    }

    @Override
    public Logger log() {
        return ctx.log();
    }

    @Override
    public Checkpoint checkpoint() {
        return ctx.checkpoint();
    }

    @Override
    public void output(String summary) {
        ctx.output(summary);
    }

    @Override
    public long forEachDocumentBatch(String collection, Bson filter, int batchSize, BatchHandler<Document> handler) {
        if (probe.isEmpty()) {
            return ctx.forEachDocumentBatch(collection, filter, batchSize, handler);
        }
        return ctx.forEachDocumentBatch(collection, filter, batchSize, batch -> {
            probe.get().batchStarting();
            handler.handle(batch);
        });
    }

    @Override
    public long forEachDocument(String collection, Bson filter, int parallelism, ItemHandler<Document> handler) {
        if (probe.isEmpty()) {
            return ctx.forEachDocument(collection, filter, parallelism, handler);
        }
        return ctx.forEachDocument(collection, filter, parallelism,
                item -> S3WriteCounting.tracking(probe.get(), () -> handler.handle(item)));
    }

    @Override
    public long forEachObject(String prefix, int parallelism, ItemHandler<S3Object> handler) {
        if (probe.isEmpty()) {
            return ctx.forEachObject(prefix, parallelism, handler);
        }
        return ctx.forEachObject(prefix, parallelism,
                item -> S3WriteCounting.tracking(probe.get(), () -> handler.handle(item)));
    }

    @Override
    public long forEachObjectBatch(String prefix, int batchSize, BatchHandler<S3Object> handler) {
        if (probe.isEmpty()) {
            return ctx.forEachObjectBatch(prefix, batchSize, handler);
        }
        return ctx.forEachObjectBatch(prefix, batchSize, batch -> {
            probe.get().batchStarting();
            handler.handle(batch);
        });
    }
}
