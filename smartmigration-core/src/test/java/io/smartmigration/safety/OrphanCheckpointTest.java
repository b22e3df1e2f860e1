package io.smartmigration.safety;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import com.mongodb.client.MongoClient;
import io.smartmigration.MigrationResult;
import io.smartmigration.SmartMigration;
import io.smartmigration.embedded.EmbeddedMongo;
import java.util.Date;
import java.util.List;
import org.bson.Document;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("A checkpoint that no step resumes is named at WARN, not dropped without a word")
class OrphanCheckpointTest {

    @Test
    @DisplayName("GIVEN a ledger holding the checkpoint of step 'renamed-away', which the chain no longer has WHEN"
            + " the chain runs THEN one WARN names the step and its keys, and the run completes")
    void checkpointOfAnUnknownStep() {
        try (EmbeddedMongo mongo = EmbeddedMongo.inMemory(); MongoClient client = mongo.newClient();
             LogCapture logs = new LogCapture()) {
            client.getDatabase("orphan").getCollection("smartmigration_ledger").insertOne(new Document("_id",
                    "smartmigration").append("schemaVersion", 1).append("currentVersion", "1.0.0")
                    .append("updatedAt", new Date()).append("lock", null).append("history", List.of())
                    .append("checkpoint", new Document("stepId", "renamed-away")
                            .append("data", new Document("next", "41")).append("updatedAt", new Date())));

            MigrationResult result = SmartMigration.builder().targetVersion("1.1.0").mongo(client, "orphan")
                    .step("backfill").from("1.0.0").to("1.1.0").resumable().up(ctx -> { }).build().run();

            assertThat(result.reachedTarget()).isTrue();
            assertThat(logs.events()).filteredOn(e -> e.getLevel() == Level.WARN)
                    .extracting(e -> e.getFormattedMessage())
                    .anySatisfy(m -> assertThat(m).contains("checkpoint of step 'renamed-away'",
                            "matches no registered step", "next=(2 chars) 41"));
        }
    }
}
