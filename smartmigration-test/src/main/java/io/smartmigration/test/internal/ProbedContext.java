package io.smartmigration.test.internal;

import com.mongodb.client.ClientSession;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import io.smartmigration.BatchHandler;
import io.smartmigration.Checkpoint;
import io.smartmigration.MigrationContext;
import io.smartmigration.StepInfo;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.slf4j.Logger;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The runner's context, with the Mongo clients wrapped so writes are counted (S3 writes are counted
 * by {@link S3WriteCounting}) and batch handlers wrapped
 * so batches are counted; a {@link StepProbe} with a crash point kills the step there.
 */
final class ProbedContext implements MigrationContext {

    private final MigrationContext ctx;
    private final StepProbe probe;

    ProbedContext(MigrationContext ctx, StepProbe probe) {
        this.ctx = ctx;
        this.probe = probe;
    }

    @Override
    public MongoDatabase mongo() {
        return WriteCounting.database(ctx.mongo(), probe);
    }

    @Override
    public MongoClient mongoClient() {
        return WriteCounting.client(ctx.mongoClient(), probe);
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
        return ctx.forEachDocumentBatch(collection, filter, batchSize, batch -> {
            probe.batchStarting();
            handler.handle(batch);
        });
    }

    @Override
    public long forEachObjectBatch(String prefix, int batchSize, BatchHandler<S3Object> handler) {
        return ctx.forEachObjectBatch(prefix, batchSize, batch -> {
            probe.batchStarting();
            handler.handle(batch);
        });
    }
}
