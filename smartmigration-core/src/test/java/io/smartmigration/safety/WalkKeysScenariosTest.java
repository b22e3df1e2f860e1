package io.smartmigration.safety;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.client.MongoClient;
import io.smartmigration.MigrationResult;
import io.smartmigration.Outcome;
import io.smartmigration.SmartMigration;
import io.smartmigration.embedded.EmbeddedMongo;
import io.smartmigration.embedded.EmbeddedS3;
import io.smartmigration.spi.SimulatedProcessDeath;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Walks over collections and key prefixes whose names would collide if walk keys were concatenated
 * (issue 12 item 6: the third walk was skipped and the run still reported MIGRATED).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("Batch walks over look-alike names each hand out every item")
class WalkKeysScenariosTest {

    private static final List<String> TRICKY = List.of("events", "events#2", "a.b", "a:b", "a/b", "a:b:lastId");

    private EmbeddedMongo mongo;
    private MongoClient client;
    private EmbeddedS3 s3;
    private S3Client s3Client;
    private int namespaces;

    @BeforeAll
    void start() {
        mongo = EmbeddedMongo.inMemory();
        client = mongo.newClient();
        s3 = EmbeddedS3.inMemory();
        s3Client = s3.newClient();
    }

    @AfterAll
    void stop() {
        client.close();
        mongo.close();
        s3Client.close();
        s3.close();
    }

    private String seededDatabase() {
        String db = "walks_" + ++namespaces;
        for (String name : TRICKY) {
            client.getDatabase(db).getCollection(name).insertMany(IntStream.range(0, 10)
                    .mapToObj(i -> new Document("_id", i)).toList());
        }
        return db;
    }

    @Test
    @DisplayName("GIVEN 'events' and 'events#2' of 10 documents WHEN a step walks 'events' twice and 'events#2' third"
            + " THEN the three walks hand out 10, 10 and 10 documents")
    void reportedCase() {
        String db = seededDatabase();
        List<Integer> handed = new ArrayList<>();

        MigrationResult result = SmartMigration.builder().targetVersion("1.1.0").mongo(client, db)
                .step("three-walks").from("1.0.0").to("1.1.0").resumable().up(ctx -> {
                    for (String name : List.of("events", "events", "events#2")) {
                        AtomicInteger count = new AtomicInteger();
                        ctx.forEachDocumentBatch(name, 4, batch -> count.addAndGet(batch.size()));
                        handed.add(count.get());
                    }
                }).build().run();

        assertThat(result.outcome()).isEqualTo(Outcome.MIGRATED);
        assertThat(handed).containsExactly(10, 10, 10);
    }

    @Test
    @DisplayName("GIVEN collections named with '#', '.', ':' and '/' WHEN a step walking each twice is killed in its"
            + " last walk and resumed THEN every walk handed out every document, none skipped")
    void trickyCollectionNamesSurviveACrash() {
        String db = seededDatabase();
        Map<String, AtomicInteger> seen = new ConcurrentHashMap<>();
        AtomicBoolean killed = new AtomicBoolean();
        java.util.function.Supplier<SmartMigration> chain = () -> SmartMigration.builder().targetVersion("1.1.0")
                .mongo(client, db).lockTtl(Duration.ofSeconds(2)).lockWait(Duration.ofSeconds(30))
                .step("walks").from("1.0.0").to("1.1.0").resumable().up(ctx -> {
                    for (String name : TRICKY) {
                        for (int pass = 1; pass <= 2; pass++) {
                            String walk = name + " pass " + pass;
                            boolean last = name.equals(TRICKY.get(TRICKY.size() - 1)) && pass == 2;
                            ctx.forEachDocumentBatch(name, 4, batch -> {
                                if (last && !killed.getAndSet(true)) {
                                    throw new SimulatedProcessDeath("killed in the last walk");
                                }
                                seen.computeIfAbsent(walk, k -> new AtomicInteger()).addAndGet(batch.size());
                            });
                        }
                    }
                }).build();

        assertThatThrownBy(() -> chain.get().run()).isInstanceOf(SimulatedProcessDeath.class);
        MigrationResult resumed = chain.get().run();

        assertThat(resumed.reachedTarget()).isTrue();
        for (String name : TRICKY) {
            for (int pass = 1; pass <= 2; pass++) {
                assertThat(seen.get(name + " pass " + pass)).as(name + " pass " + pass).hasValue(10);
            }
        }
    }

    @Test
    @DisplayName("GIVEN key prefixes 'x', 'x#2', 'x.y/', 'x:y/' WHEN a step walks 'x' twice then the others THEN"
            + " each walk hands out every object under its prefix")
    void trickyPrefixes() {
        String bucket = s3.createBucket("walks-" + ++namespaces);
        List<String> prefixes = List.of("x", "x", "x#2", "x.y/", "x:y/");
        for (String key : List.of("x#2/1", "x#2/2", "x.y/1", "x:y/1", "x:y/2", "x:y/3", "xa")) {
            s3Client.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromString("v"));
        }
        List<Integer> handed = new ArrayList<>();

        SmartMigration.builder().targetVersion("1.1.0").s3(s3Client, bucket)
                .step("prefix-walks").from("1.0.0").to("1.1.0").resumable().up(ctx -> {
                    for (String prefix : prefixes) {
                        AtomicInteger count = new AtomicInteger();
                        ctx.forEachObjectBatch(prefix, 2, batch -> count.addAndGet(batch.size()));
                        handed.add(count.get());
                    }
                }).build().run();

        assertThat(handed).containsExactly(7, 7, 2, 1, 3);
    }
}
