package io.smartmigration.internal.context;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoCursor;
import io.smartmigration.ErrorCode;
import io.smartmigration.MigrationContext;
import io.smartmigration.SmartMigration;
import io.smartmigration.SmartMigrationException;
import io.smartmigration.StepInfo;
import io.smartmigration.InternalLedgers;
import io.smartmigration.internal.MigrationConfig;
import io.smartmigration.internal.ledger.Ledger;
import io.smartmigration.internal.ledger.LedgerState;
import io.smartmigration.internal.ledger.LockInfo;
import io.smartmigration.internal.lock.LeaseKeeper;
import io.smartmigration.scenarios.MongoTestBackend;
import io.smartmigration.scenarios.S3TestBackend;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * The handler's lock guard ({@code ctx.mongo()}, {@code ctx.s3()}): on the holder's own monotonic
 * clock, a fake one here, so "a whole TTL without a successful renewal" is reached by moving it,
 * not by waiting. The background renewal is scheduled in real time at a third of a one-hour TTL:
 * it never runs during a test.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("Lock guard of ctx.mongo() and ctx.s3()")
class LockGuardTest {

    private static final Duration TTL = Duration.ofHours(1);

    private MongoTestBackend mongo;
    private S3TestBackend s3;
    private final AtomicLong ticker = new AtomicLong(1_000_000_000L);
    private Ledger ledger;
    private LockInfo lease;
    private LeaseKeeper keeper;
    private MigrationContext ctx;

    @BeforeAll
    void start() {
        mongo = new MongoTestBackend();
        s3 = new S3TestBackend();
    }

    @AfterAll
    void stop() {
        mongo.close();
        s3.close();
    }

    @BeforeEach
    void holdTheLock() {
        mongo.newNamespace();
        s3.newNamespace();
        SmartMigration migration = s3.configure(mongo.configure(SmartMigration.builder().targetVersion("2.0.0")))
                .step("s").from("1.0.0").to("2.0.0").up(c -> { }).build();
        ledger = InternalLedgers.of(migration);
        lease = ledger.tryAcquire("holder", "host-h", Instant.now(), TTL, Optional.empty()).orElseThrow();
        keeper = new LeaseKeeper(ledger, lease, ticker.get(), Clock.systemUTC(), ticker::get, TTL);
        MigrationConfig.Settings settings = new MigrationConfig.Settings();
        settings.set(MigrationConfig.MONGO_CLIENT, mongo.client());
        settings.set(MigrationConfig.DATABASE_NAME, mongo.database());
        settings.set(MigrationConfig.S3_CLIENT, s3.client());
        settings.set(MigrationConfig.BUCKET, s3.bucket());
        ctx = new DefaultMigrationContext(settings.freeze(), new StepInfo("s", "1.0.0", "2.0.0", false), false, Map.of(),
                ledger, keeper);
    }

    private void takeOverAndLetTheTtlPass() {
        LockInfo watched = ledger.read().flatMap(LedgerState::lock).orElseThrow();
        assertThat(ledger.tryAcquire("successor", "host-s", Instant.now(), TTL, Optional.of(watched))).isPresent();
        ticker.addAndGet(TTL.toNanos());
    }

    private static void refusedWithLockLost(ThrowingCallable call) {
        assertThatThrownBy(call).isInstanceOfSatisfying(SmartMigrationException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.LOCK_LOST)).hasMessageContaining("send");
    }

    private long documents() {
        return mongo.client().getDatabase(mongo.database()).getCollection("data").countDocuments();
    }

    @Test
    @DisplayName("GIVEN a live lease THEN writes through ctx.mongo() and ctx.s3() go through")
    void liveLeaseLetsOperationsThrough() {
        ctx.mongo().getCollection("data").insertOne(new Document("_id", 1));
        ctx.s3().putObject(b -> b.bucket(ctx.bucket()).key("data/1"), RequestBody.fromString("x"));

        assertThat(documents()).isEqualTo(1);
        assertThat(s3.client().listObjectsV2(b -> b.bucket(s3.bucket()).prefix("data/")).keyCount()).isEqualTo(1);
    }

    @Test
    @DisplayName("GIVEN a lease taken over and a whole TTL without a successful renewal (a frozen process) WHEN the"
            + " handler writes through ctx.mongo() THEN the write is refused with LOCK_LOST and does not land")
    void mongoWriteRefusedAfterTakeover() {
        MongoCollection<Document> heldBefore = ctx.mongo().getCollection("data");
        heldBefore.insertOne(new Document("_id", 1));

        takeOverAndLetTheTtlPass();

        refusedWithLockLost(() -> heldBefore.insertOne(new Document("_id", 2)));
        refusedWithLockLost(() -> ctx.mongo().getCollection("data").deleteMany(new Document()));
        refusedWithLockLost(() -> ctx.mongoClient().getDatabase(mongo.database()).getCollection("data")
                .updateOne(new Document("_id", 1), new Document("$set", new Document("x", 1))));
        assertThat(heldBefore.getNamespace().getCollectionName()).as("local calls still answer").isEqualTo("data");
        assertThat(documents()).isEqualTo(1);
    }

    @Test
    @DisplayName("GIVEN an open cursor from ctx.mongo() WHEN the lease is lost THEN reading on is refused too")
    void cursorRefusedAfterTakeover() {
        MongoCollection<Document> data = ctx.mongo().getCollection("data");
        for (int i = 0; i < 10; i++) {
            data.insertOne(new Document("_id", i));
        }
        try (MongoCursor<Document> cursor = data.find().batchSize(2).iterator()) {
            assertThat(cursor.next()).isNotNull();

            takeOverAndLetTheTtlPass();

            refusedWithLockLost(cursor::next);
        }
    }

    @Test
    @DisplayName("GIVEN a lease taken over and a whole TTL without a successful renewal WHEN the handler writes"
            + " through ctx.s3() THEN the request is refused with LOCK_LOST and no object is written")
    void s3WriteRefusedAfterTakeover() {
        takeOverAndLetTheTtlPass();

        refusedWithLockLost(() -> ctx.s3().putObject(b -> b.bucket(ctx.bucket()).key("data/late"),
                RequestBody.fromString("x")));
        assertThat(s3.client().listObjectsV2(b -> b.bucket(s3.bucket()).prefix("data/")).keyCount()).isZero();
    }

    @Test
    @DisplayName("GIVEN renewals lagging (under a third of the TTL left) WHEN the handler writes THEN the guard"
            + " renews the lease first and lets the write through")
    void laggingLeaseIsRenewedBeforeTheWrite() {
        ticker.addAndGet(TTL.toNanos() * 4 / 5);

        ctx.mongo().getCollection("data").insertOne(new Document("_id", 1));

        assertThat(documents()).isEqualTo(1);
        assertThat(keeper.lease().renewals()).isEqualTo(1);
        assertThat(ledger.read().flatMap(LedgerState::lock)).map(LockInfo::renewals).contains(1L);
    }

    @Test
    @DisplayName("GIVEN the lock given up (run ended, or shutdown past its grace) THEN ctx.mongo() refuses at once")
    void closedKeeperRefuses() {
        keeper.close();

        refusedWithLockLost(() -> ctx.mongo().getCollection("data").insertOne(new Document("_id", 1)));
        assertThat(ledger.read().flatMap(LedgerState::lock)).as("released").isEmpty();
    }

    @Test
    @DisplayName("GIVEN an interrupted handler thread THEN ctx.mongo() refuses with INTERRUPTED and keeps the flag")
    void interruptedThreadIsRefused() {
        Thread.currentThread().interrupt();
        try {
            assertThatThrownBy(() -> ctx.mongo().getCollection("data").insertOne(new Document("_id", 1)))
                    .isInstanceOfSatisfying(SmartMigrationException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.INTERRUPTED));
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
        assertThat(documents()).isZero();
    }
}
