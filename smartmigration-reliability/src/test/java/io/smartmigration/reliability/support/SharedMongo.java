package io.smartmigration.reliability.support;

import com.mongodb.client.MongoClient;
import io.smartmigration.embedded.EmbeddedMongo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** One in-memory MongoDB per test class, on loopback, with a client to it. */
public abstract class SharedMongo {

    protected static EmbeddedMongo mongo;
    protected static MongoClient client;

    @BeforeAll
    static void startServer() {
        mongo = EmbeddedMongo.inMemory();
        client = mongo.newClient();
    }

    @AfterAll
    static void stopServer() {
        client.close();
        mongo.close();
    }
}
