package io.smartmigration.spring.app;

import io.smartmigration.MigrationContext;
import io.smartmigration.MigrationStep;
import io.smartmigration.StepHandler;
import org.bson.Document;

/** Steps for the starter's tests. */
public final class TestSteps {

    /** The collection {@link #recording} writes to. */
    public static final String EVENTS = "events";

    private TestSteps() {
    }

    /** A class-based step (as an application declares a {@code MigrationStep} bean) around a handler. */
    record TestStep(String id, String from, String to, StepHandler handler) implements MigrationStep {
        @Override
        public void up(MigrationContext ctx) throws Exception {
            handler.up(ctx);
        }
    }

    /** A class-based step around {@code handler}. */
    public static MigrationStep of(String id, String from, String to, StepHandler handler) {
        return new TestStep(id, from, to, handler);
    }

    /** A step that inserts {@code {_id: id, order: <documents before it>}} into {@code events}. */
    public static MigrationStep recording(String id, String from, String to) {
        return new TestStep(id, from, to, ctx -> {
            long order = ctx.mongo().getCollection(EVENTS).countDocuments();
            ctx.mongo().getCollection(EVENTS).insertOne(new Document("_id", id).append("order", order));
        });
    }

    /** A step whose handler throws. */
    public static MigrationStep failing(String id, String from, String to) {
        return new TestStep(id, from, to, ctx -> {
            throw new IllegalStateException("step " + id + " broke on purpose");
        });
    }
}
