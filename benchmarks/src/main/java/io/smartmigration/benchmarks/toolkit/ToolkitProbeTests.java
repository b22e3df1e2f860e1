package io.smartmigration.benchmarks.toolkit;

import com.mongodb.client.MongoDatabase;
import io.smartmigration.test.Backend;
import io.smartmigration.test.MigrationTest;
import io.smartmigration.test.TestBucket;
import org.bson.Document;
import org.junit.jupiter.api.RepeatedTest;

/** Run by the benchmark's launcher, not by a build: each repetition gets a fresh database and bucket. */
@MigrationTest(backend = Backend.EMBEDDED)
public class ToolkitProbeTests {

    public static final int REPETITIONS = 30;

    @RepeatedTest(REPETITIONS)
    void freshDatabaseAndBucket(MongoDatabase db, TestBucket bucket) {
        db.getCollection("users").insertOne(new Document("_id", 1).append("name", "a"));
        bucket.put("notes/1.txt", "a");
    }
}
