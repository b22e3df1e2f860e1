package io.smartmigration;

import static org.assertj.core.api.Assertions.assertThat;

import io.smartmigration.scenarios.MongoTestBackend;
import io.smartmigration.scenarios.S3TestBackend;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.S3Object;

@DisplayName("Where the ledger lives")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(30)
class LedgerBackendChoiceTest {

    private final MongoTestBackend mongo = new MongoTestBackend();
    private final S3TestBackend s3 = new S3TestBackend();

    @BeforeEach
    void freshNamespaces() {
        mongo.newNamespace();
        s3.newNamespace();
    }

    @AfterAll
    void stop() {
        mongo.close();
        s3.close();
    }

    private SmartMigration.Builder chain() {
        return SmartMigration.builder().targetVersion("1.1.0")
                .step("write-both").from("1.0.0").to("1.1.0").up(ctx -> {
                    ctx.mongo().getCollection("users").insertOne(new org.bson.Document("_id", 1));
                    ctx.s3().putObject(b -> b.bucket(ctx.bucket()).key("avatars/1.png"), RequestBody.fromString("png"));
                });
    }

    private List<String> ledgerObjects() {
        return s3.client().listObjectsV2(b -> b.bucket(s3.bucket()).prefix(".smartmigration/")).contents().stream()
                .map(S3Object::key).toList();
    }

    private List<String> collections() {
        return mongo.client().getDatabase(mongo.database()).listCollectionNames().into(new ArrayList<>());
    }

    @Test
    @DisplayName("GIVEN Mongo and S3 WHEN no backend is chosen THEN the ledger lives in Mongo and nothing in S3")
    void mongoIsTheDefaultWhenBothAreGiven() {
        MigrationResult result = chain().mongo(mongo.client(), mongo.database()).s3(s3.client(), s3.bucket()).build().run();

        assertThat(result.reachedTarget()).isTrue();
        assertThat(collections()).contains("smartmigration_ledger");
        assertThat(ledgerObjects()).isEmpty();
    }

    @Test
    @DisplayName("GIVEN Mongo and S3 WHEN ledgerBackend(S3) THEN the ledger lives under .smartmigration/ in the bucket"
            + " and Mongo holds only application data")
    void s3CanBeForced() {
        SmartMigration migration = chain().mongo(mongo.client(), mongo.database()).s3(s3.client(), s3.bucket())
                .ledgerBackend(LedgerBackend.S3).build();

        MigrationResult result = migration.run();

        assertThat(result.reachedTarget()).isTrue();
        assertThat(collections()).containsExactly("users");
        assertThat(ledgerObjects()).isNotEmpty().allMatch(k -> k.startsWith(".smartmigration/smartmigration/states/"));
        assertThat(migration.currentVersion()).contains("1.1.0");
        assertThat(migration.history()).extracting(HistoryEntry::stepId).containsExactly("write-both");
    }

    @Test
    @DisplayName("GIVEN only S3 THEN the ledger lives in S3 and a step reaches the bucket through the context")
    void s3OnlyKeepsTheLedgerInTheBucket() {
        SmartMigration migration = SmartMigration.builder().targetVersion("1.1.0").s3(s3.client(), s3.bucket())
                .step("touch").from("1.0.0").to("1.1.0")
                .up(ctx -> ctx.s3().putObject(b -> b.bucket(ctx.bucket()).key("touched"), RequestBody.fromString("x")))
                .build();

        assertThat(migration.run().reachedTarget()).isTrue();
        assertThat(ledgerObjects()).isNotEmpty();
        assertThat(s3.client().headObject(b -> b.bucket(s3.bucket()).key("touched")).contentLength()).isEqualTo(1L);
    }
}
