package io.smartmigration.embedded;

import static io.smartmigration.embedded.EmbeddedMongoTest.accepts;
import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
@DisplayName("EmbeddedServers")
class EmbeddedServersTest {

    @Test
    @DisplayName("starts both servers and closes both")
    void startsAndClosesBoth() {
        EmbeddedServers servers = EmbeddedServers.inMemory();
        int mongoPort = servers.mongo().port();
        int s3Port = servers.s3().port();
        assertThat(accepts(mongoPort)).isTrue();
        assertThat(accepts(s3Port)).isTrue();

        servers.close();

        assertThat(accepts(mongoPort)).isFalse();
        assertThat(accepts(s3Port)).isFalse();
    }

    @Test
    @DisplayName("keeps documents and objects under one directory across a restart")
    void persistentSurvivesRestart(@TempDir Path dir) {
        try (EmbeddedServers servers = EmbeddedServers.persistent(dir);
             MongoClient mongo = servers.mongo().newClient();
             S3Client s3 = servers.s3().newClient()) {
            mongo.getDatabase("app").getCollection("users").insertOne(new Document("_id", 1));
            servers.s3().createBucket("assets");
            s3.putObject(b -> b.bucket("assets").key("a.txt"), RequestBody.fromString("a"));
        }

        try (EmbeddedServers servers = EmbeddedServers.persistent(dir);
             MongoClient mongo = servers.mongo().newClient();
             S3Client s3 = servers.s3().newClient()) {
            assertThat(mongo.getDatabase("app").getCollection("users").find().into(new ArrayList<>()))
                    .containsExactly(new Document("_id", 1));
            assertThat(s3.getObjectAsBytes(b -> b.bucket("assets").key("a.txt")).asUtf8String()).isEqualTo("a");
            assertThat(dir.resolve(EmbeddedServers.MONGO_FILE)).isRegularFile();
            assertThat(dir.resolve(EmbeddedServers.S3_FOLDER).resolve("assets")).isDirectory();
        }
    }
}
