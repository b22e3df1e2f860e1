package io.smartmigration.benchmarks;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import java.util.concurrent.atomic.AtomicLong;

/** The trivial work of a step or change unit, timed from inside the handler. */
final class Work {

    /** Nanoseconds spent inside {@link #touch} since the last {@link #reset}. */
    private static final AtomicLong HANDLER_NANOS = new AtomicLong();

    private Work() {
    }

    /** One upsert of a small document: the whole work of a "trivial" step. */
    static void touch(MongoDatabase db, int step) {
        long t = System.nanoTime();
        db.getCollection("touched").updateOne(Filters.eq("_id", step), Updates.set("step", step),
                new UpdateOptions().upsert(true));
        HANDLER_NANOS.addAndGet(System.nanoTime() - t);
    }

    static void reset() {
        HANDLER_NANOS.set(0);
    }

    static double handlerMillis() {
        return HANDLER_NANOS.get() / 1e6;
    }
}
