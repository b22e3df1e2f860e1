package io.smartmigration;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import io.smartmigration.scenarios.MongoTestBackend;
import org.bson.Document;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The README's usage example, kept compiling and passing. Keep the two in step. */
@DisplayName("The README's usage example")
class ReadmeExampleTest {

    // --- README snippet starts ---
    static final class SplitNames implements MigrationStep {
        public String id() { return "split-names"; }
        public String from() { return "1.1.0"; }
        public String to() { return "2.0.0"; }
        public String description() { return "split name into first and last"; }
        public boolean resumable() { return true; }

        public void up(MigrationContext ctx) {
            ctx.forEachDocumentBatch("users", Filters.exists("name"), 500, batch -> {
                for (Document user : batch) {
                    String[] parts = user.getString("name").split(" ", 2);
                    ctx.mongo().getCollection("users").updateOne(Filters.eq("_id", user.get("_id")),
                            Updates.combine(Updates.set("first", parts[0]),
                                    Updates.set("last", parts.length > 1 ? parts[1] : ""),
                                    Updates.unset("name")));
                }
            });
        }
    }

    static MigrationResult migrateAtStartup(MongoClient mongoClient) {
        SmartMigration migration = SmartMigration.builder()
                .targetVersion("2.0.0")
                .mongo(mongoClient, "appdb")
                .step("add-status").from("1.0.0").to("1.1.0")
                    .description("backfill status")
                    .up(ctx -> ctx.mongo().getCollection("users")
                            .updateMany(Filters.exists("status", false), Updates.set("status", "active")))
                .step(new SplitNames())
                .build();
        return migration.run();
    }
    // --- README snippet ends ---

    @Test
    @DisplayName("migrates 1.0.0 data to 2.0.0, then is a no-op")
    void migratesThenNoOp() {
        try (MongoTestBackend mongo = new MongoTestBackend()) {
            mongo.client().getDatabase("appdb").getCollection("users")
                    .insertOne(new Document("_id", 1).append("name", "Ada Lovelace"));

            MigrationResult first = migrateAtStartup(mongo.client());
            MigrationResult second = migrateAtStartup(mongo.client());

            assertThat(first.stepsApplied()).extracting(AppliedStep::id).containsExactly("add-status", "split-names");
            assertThat(second.outcome()).isEqualTo(Outcome.NO_OP);
            assertThat(mongo.client().getDatabase("appdb").getCollection("users").find().first())
                    .isEqualTo(new Document("_id", 1).append("status", "active").append("first", "Ada")
                            .append("last", "Lovelace"));
        }
    }
}
