package com.example.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import io.netty.util.Version;
import io.smartmigration.embedded.EmbeddedMongo;
import org.bson.Document;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** What the BOM is for: one netty, the 4.2 line mongo-java-server needs, next to the AWS SDK. */
@DisplayName("With smartmigration-bom imported")
class DependencyAlignmentTest {

    @Test
    @DisplayName("the embedded MongoDB starts and answers, and every netty jar on the class path is 4.2")
    void embeddedMongoRunsOnNetty42() {
        try (EmbeddedMongo mongo = EmbeddedMongo.inMemory();
             MongoClient client = MongoClients.create(mongo.connectionString())) {
            assertThat(client.getDatabase("tasks").runCommand(new Document("ping", 1)).get("ok"))
                    .isIn(1, 1.0);
        }

        assertThat(Version.identify()).isNotEmpty()
                .allSatisfy((artifact, version) -> assertThat(version.artifactVersion())
                        .as("version of %s", artifact).startsWith("4.2."));
    }
}
