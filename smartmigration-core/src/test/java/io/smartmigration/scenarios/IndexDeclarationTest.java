package io.smartmigration.scenarios;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import io.smartmigration.ErrorCode;
import io.smartmigration.IndexStatus;
import io.smartmigration.LedgerBackend;
import io.smartmigration.MigrationResult;
import io.smartmigration.MigrationStatus;
import io.smartmigration.Outcome;
import io.smartmigration.SmartMigration;
import io.smartmigration.SmartMigrationException;
import io.smartmigration.embedded.EmbeddedS3;
import io.smartmigration.internal.ledger.LedgerState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

@DisplayName("Indexes declared with Builder.index(...)")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(60)
class IndexDeclarationTest {

    private final MongoTestBackend mongo = new MongoTestBackend();

    @BeforeEach
    void freshDatabase() {
        mongo.newNamespace();
    }

    @AfterAll
    void stop() {
        mongo.close();
    }

    private SmartMigration.Builder release(String target) {
        SmartMigration.Builder builder = SmartMigration.builder().targetVersion(target).mongo(mongo.client(), mongo.database())
                .lockWait(Duration.ofSeconds(30)).lockTtl(Duration.ofSeconds(30));
        builder.step("s1").from("1.0.0").to("1.1.0").up(ctx -> { });
        if (!target.equals("1.1.0")) {
            builder.step("s2").from("1.1.0").to(target).up(ctx -> { });
        }
        return builder;
    }

    private MongoCollection<Document> users() {
        return mongo.client().getDatabase(mongo.database()).getCollection("users");
    }

    private List<Document> indexesOf(MongoCollection<Document> collection) {
        return collection.listIndexes().into(new ArrayList<>());
    }

    private List<String> indexNames(MongoCollection<Document> collection) {
        return indexesOf(collection).stream().map(d -> d.getString("name")).toList();
    }

    @Test
    @DisplayName("the declared indexes exist when the first step runs")
    void createdBeforeTheFirstStep() {
        List<String> seenByStep = new ArrayList<>();
        SmartMigration migration = SmartMigration.builder().targetVersion("1.1.0").mongo(mongo.client(), mongo.database())
                .index("users", Indexes.ascending("tenantId", "email"), new IndexOptions().unique(true).name("tenant_email"))
                .index("notes", Indexes.descending("createdAt"))
                .step("s1").from("1.0.0").to("1.1.0").up(ctx -> {
                    ctx.mongo().getCollection("users").listIndexes().forEach(d -> seenByStep.add(d.getString("name")));
                    ctx.mongo().getCollection("notes").listIndexes().forEach(d -> seenByStep.add(d.getString("name")));
                })
                .build();

        MigrationResult result = migration.run();

        assertThat(result.outcome()).isEqualTo(Outcome.MIGRATED);
        assertThat(seenByStep).contains("tenant_email", "createdAt_-1");
        Document unique = indexesOf(users()).stream().filter(d -> d.getString("name").equals("tenant_email")).findFirst()
                .orElseThrow();
        assertThat(unique.getBoolean("unique")).isTrue();
        assertThat(unique.get("key", Document.class)).isEqualTo(new Document("tenantId", 1).append("email", 1));
    }

    @Test
    @DisplayName("status() shows each declared index, pending before the first run and ensured after it")
    void shownByStatus() {
        SmartMigration migration = release("1.1.0").index("users", Indexes.ascending("email"), new IndexOptions().unique(true))
                .build();

        IndexStatus before = migration.status().indexes().get(0);
        migration.run();
        MigrationStatus after = migration.status();

        assertThat(before.collection()).isEqualTo("users");
        assertThat(before.name()).isEqualTo("email_1");
        assertThat(before.definition()).isEqualTo("{\"key\": {\"email\": 1}, \"unique\": true}");
        assertThat(before.ensuredAt()).isEmpty();
        assertThat(after.indexes().get(0).ensuredAt()).isPresent();
        assertThat(after.toString()).contains("users.email_1").contains("{\"key\": {\"email\": 1}, \"unique\": true}");
    }

    @Test
    @DisplayName("an index whose name exists with another definition is INDEX_CONFLICT naming both; nothing dropped, no step run")
    void nameTakenByAnotherDefinition() {
        users().createIndex(Indexes.ascending("email"));   // email_1, not unique
        stampAt("1.0.0");
        AtomicInteger runs = new AtomicInteger();
        SmartMigration migration = SmartMigration.builder().targetVersion("1.1.0").mongo(mongo.client(), mongo.database())
                .index("users", Indexes.ascending("email"), new IndexOptions().unique(true))
                .index("users", Indexes.ascending("tenantId"))
                .step("s1").from("1.0.0").to("1.1.0").up(ctx -> runs.incrementAndGet()).build();

        assertThatThrownBy(migration::run).isInstanceOfSatisfying(SmartMigrationException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.INDEX_CONFLICT))
                .hasMessageContaining("'email_1'")
                .hasMessageContaining("{\"key\": {\"email\": 1}, \"unique\": true}")
                .hasMessageContaining("{\"key\": {\"email\": 1}, \"name\": \"email_1\"}")
                .hasMessageContaining("Nothing was dropped");

        assertThat(runs).hasValue(0);
        assertThat(indexNames(users())).containsExactlyInAnyOrder("_id_", "email_1");
        assertThat(indexesOf(users()).get(1).get("unique")).isNull();
        assertThat(migration.currentVersion()).contains("1.0.0");
        LedgerState state = ledgerState(migration);
        assertThat(state.lock()).isEmpty();
        assertThat(state.indexes()).isEmpty();
    }

    @Test
    @DisplayName("a unique index the data violates is INDEX_CONFLICT and no step runs")
    void uniqueIndexOverDuplicates() {
        users().insertMany(List.of(new Document("email", "a@x"), new Document("email", "a@x")));
        stampAt("1.0.0");
        AtomicInteger runs = new AtomicInteger();
        SmartMigration migration = SmartMigration.builder().targetVersion("1.1.0").mongo(mongo.client(), mongo.database())
                .index("users", Indexes.ascending("email"), new IndexOptions().unique(true))
                .step("s1").from("1.0.0").to("1.1.0").up(ctx -> runs.incrementAndGet()).build();

        assertThatThrownBy(migration::run).isInstanceOfSatisfying(SmartMigrationException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.INDEX_CONFLICT)).hasMessageContaining("users.email_1");
        assertThat(runs).hasValue(0);
        assertThat(indexNames(users())).containsExactly("_id_");
    }

    @Test
    @DisplayName("a release that no longer declares an index leaves it in place")
    void removedDeclarationDropsNothing() {
        release("1.1.0").index("users", Indexes.ascending("email")).index("users", Indexes.ascending("tenantId"))
                .build().run();

        MigrationResult result = release("1.2.0").index("users", Indexes.ascending("tenantId")).build().run();

        assertThat(result.reachedTarget()).isTrue();
        assertThat(indexNames(users())).containsExactlyInAnyOrder("_id_", "email_1", "tenantId_1");
    }

    @Test
    @DisplayName("an index that exists already with the declared definition is adopted, not created again")
    void existingIdenticalIndexIsAdopted() {
        users().createIndex(Indexes.ascending("email"), new IndexOptions().unique(true));

        MigrationResult result = release("1.1.0").index("users", Indexes.ascending("email"), new IndexOptions().unique(true))
                .build().run();

        assertThat(result.reachedTarget()).isTrue();
        assertThat(indexNames(users())).containsExactlyInAnyOrder("_id_", "email_1");
    }

    @Test
    @DisplayName("a fresh install stays a fresh install although the indexes create their collections first")
    void freshInstallWithIndexes() {
        MigrationResult result = release("1.2.0").freshInstallVersion("1.2.0").index("users", Indexes.ascending("email"))
                .build().run();

        assertThat(result.outcome()).isEqualTo(Outcome.FRESH_INSTALL);
        assertThat(indexNames(users())).contains("email_1");
    }

    @Test
    @DisplayName("an older release on newer data creates none of its indexes")
    void dataAheadCreatesNothing() {
        release("1.2.0").build().run();

        MigrationResult result = release("1.1.0").index("users", Indexes.ascending("email")).build().run();

        assertThat(result.outcome()).isEqualTo(Outcome.DATA_AHEAD_OF_CODE);
        assertThat(mongo.client().getDatabase(mongo.database()).listCollectionNames().into(new ArrayList<>()))
                .doesNotContain("users");
    }

    @Test
    @DisplayName("six instances starting at once with a new declaration create it once, and all of them start")
    void racingInstances() throws Exception {
        release("1.1.0").build().run();
        int instances = 6;
        ExecutorService pool = Executors.newFixedThreadPool(instances);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<MigrationResult>> results = new ArrayList<>();
            for (int i = 0; i < instances; i++) {
                SmartMigration migration = release("1.1.0").index("users", Indexes.ascending("email"))
                        .instanceId("instance-" + i).build();
                results.add(pool.submit(() -> {
                    start.await();
                    return migration.run();
                }));
            }
            start.countDown();
            for (Future<MigrationResult> result : results) {
                assertThat(result.get(45, TimeUnit.SECONDS).outcome()).isEqualTo(Outcome.NO_OP);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(indexNames(users())).containsExactlyInAnyOrder("_id_", "email_1");
        assertThat(ledgerState(release("1.1.0").build()).indexes()).isPresent();
    }

    @Test
    @DisplayName("with the ledger in S3, the ensured declarations are recorded there: the next start sends MongoDB nothing")
    void s3LedgerRecordsTheDeclarations() {
        try (EmbeddedS3 s3 = EmbeddedS3.inMemory(); var s3Client = s3.newClient()) {
            String bucket = s3.createBucket("index-ledger");
            SmartMigration.Builder first = release("1.1.0").s3(s3Client, bucket).ledgerBackend(LedgerBackend.S3)
                    .index("users", Indexes.ascending("email"));
            first.build().run();
            assertThat(indexNames(users())).contains("email_1");

            List<String> commands = new CopyOnWriteArrayList<>();
            try (MongoClient listening = listeningClient(commands)) {
                MigrationResult again = SmartMigration.builder().targetVersion("1.1.0").mongo(listening, mongo.database())
                        .s3(s3Client, bucket).ledgerBackend(LedgerBackend.S3).index("users", Indexes.ascending("email"))
                        .step("s1").from("1.0.0").to("1.1.0").up(ctx -> { }).build().run();

                assertThat(again.outcome()).isEqualTo(Outcome.NO_OP);
                assertThat(commands).isEmpty();
            }
        }
    }

    @Test
    @DisplayName("two declarations of one name with different definitions are INVALID_CONFIG at build()")
    void conflictingDeclarations() {
        assertThatThrownBy(() -> release("1.1.0").index("users", Indexes.ascending("email"))
                .index("users", Indexes.ascending("email"), new IndexOptions().unique(true)).build())
                .isInstanceOfSatisfying(SmartMigrationException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_CONFIG))
                .hasMessageContaining("'email_1'");
    }

    private void stampAt(String version) {
        SmartMigration migration = release("1.1.0").build();
        io.smartmigration.InternalLedgers.of(migration).stamp(version,
                io.smartmigration.internal.ledger.HistoryCodec.stamped("<test>", java.util.Optional.empty(), version,
                        "test", java.time.Instant.now()), java.time.Instant.now());
    }

    private static LedgerState ledgerState(SmartMigration migration) {
        return io.smartmigration.InternalLedgers.of(migration).read().orElseThrow();
    }

    private MongoClient listeningClient(List<String> commands) {
        return mongo.recordingClient(event -> commands.add(event.getCommandName()));
    }
}
