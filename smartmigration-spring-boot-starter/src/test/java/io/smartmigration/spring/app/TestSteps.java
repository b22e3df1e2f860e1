package io.smartmigration.spring.app;

import io.smartmigration.MigrationContext;
import io.smartmigration.MigrationStep;
import org.bson.Document;

/** Steps for the starter's tests: each records its run in the {@code events} collection. */
public final class TestSteps {

    public static final String EVENTS = "events";

    private TestSteps() {
    }

    /** A step that inserts {@code {_id: id}} into {@code events}, so a test can tell it ran and in which order. */
    public static MigrationStep recording(String id, String from, String to) {
        return new MigrationStep() {
            @Override
            public String id() {
                return id;
            }

            @Override
            public String from() {
                return from;
            }

            @Override
            public String to() {
                return to;
            }

            @Override
            public void up(MigrationContext ctx) {
                long order = ctx.mongo().getCollection(EVENTS).countDocuments();
                ctx.mongo().getCollection(EVENTS).insertOne(new Document("_id", id).append("order", order));
            }

            @Override
            public String toString() {
                return id + " " + from + " -> " + to;
            }
        };
    }

    /** A step whose handler throws. */
    public static MigrationStep failing(String id, String from, String to) {
        return new MigrationStep() {
            @Override
            public String id() {
                return id;
            }

            @Override
            public String from() {
                return from;
            }

            @Override
            public String to() {
                return to;
            }

            @Override
            public void up(MigrationContext ctx) {
                throw new IllegalStateException("step " + id + " broke on purpose");
            }
        };
    }
}
