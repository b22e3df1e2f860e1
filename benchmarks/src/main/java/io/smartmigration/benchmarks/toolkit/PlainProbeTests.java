package io.smartmigration.benchmarks.toolkit;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import io.smartmigration.embedded.EmbeddedMongo;
import io.smartmigration.embedded.EmbeddedS3;
import java.util.concurrent.atomic.AtomicInteger;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.RepeatedTest;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The baseline of {@link ToolkitProbeTests}: the same writes in plain JUnit, on embedded servers
 * started once for the class, into one database and one bucket shared by every repetition.
 */
public class PlainProbeTests {

    private static final AtomicInteger IDS = new AtomicInteger();
    private static EmbeddedMongo mongo;
    private static EmbeddedS3 s3;
    private static MongoClient client;
    private static S3Client s3Client;

    @BeforeAll
    static void start() {
        mongo = EmbeddedMongo.inMemory();
        s3 = EmbeddedS3.inMemory();
        client = mongo.newClient();
        s3Client = s3.newClient();
        s3.createBucket("plain");
    }

    @AfterAll
    static void stop() {
        client.close();
        s3Client.close();
        mongo.close();
        s3.close();
    }

    @RepeatedTest(ToolkitProbeTests.REPETITIONS)
    void sharedDatabaseAndBucket() {
        int id = IDS.incrementAndGet();
        MongoCollection<Document> users = client.getDatabase("plain").getCollection("users");
        users.insertOne(new Document("_id", id).append("name", "a"));
        s3Client.putObject(b -> b.bucket("plain").key("notes/" + id + ".txt"), RequestBody.fromString("a"));
    }
}
