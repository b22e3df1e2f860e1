package io.smartmigration.test;

import static io.smartmigration.test.MigrationAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.ClientSession;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.bson.Document;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.Timeout;

/**
 * The Testcontainers path: real MongoDB (a replica set) and LocalStack S3. Runs where a Docker
 * engine answers; skipped, not failed, where none does.
 */
@MigrationTest(backend = Backend.CONTAINERS)
@DisplayName("@MigrationTest(backend = CONTAINERS)")
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class ContainersBackendTest {

    @Test
    @DisplayName("migrates on a real MongoDB replica set, where transactions work, and LocalStack S3")
    void migratesOnRealServers(MigrationHarness h, MongoClient client, MongoDatabase db) {
        try (ClientSession session = client.startSession()) {
            session.withTransaction(() -> db.getCollection("tx").insertOne(session, new Document("_id", 1)));
        }
        h.reset();
        h.seed(Chains.users());

        assertThat(h.run(Chains.correct())).reachedTarget().applied("add-status", "export-profiles");
        assertThat(h.snapshot()).hasDocumentCount("users", 3).hasObject("profiles/1.json", "application/json");
    }

    @TestFactory
    @DisplayName("every generated check passes on real servers")
    Stream<DynamicTest> checks() {
        return MigrationChecks.forChain(Chains::correct).fromFixtures(Chains.users()).dynamicTests();
    }
}
