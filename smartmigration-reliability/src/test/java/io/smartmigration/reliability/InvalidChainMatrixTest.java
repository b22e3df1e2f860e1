package io.smartmigration.reliability;

import io.smartmigration.reliability.support.SharedMongo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smartmigration.ErrorCode;
import io.smartmigration.MigrationResult;
import io.smartmigration.Outcome;
import io.smartmigration.SmartMigration;
import io.smartmigration.SmartMigrationException;
import io.smartmigration.StepHandler;
import io.smartmigration.reliability.support.MatrixTally;
import io.smartmigration.reliability.support.MongoLedgerDoc;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.bson.Document;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Chains and settings that cannot work: gaps, duplicate ids, reversed and empty ranges, a target
 * no step ends on, bad settings, and a ledger the chain cannot continue from. Each gives its
 * {@link ErrorCode} with the offending values in the message, no handler runs, and the ledger's
 * bytes are the same afterwards.
 */
@DisplayName("bad input: invalid chains, settings and ledger states")
@ExtendWith(MatrixTally.class)
@Timeout(30)
class InvalidChainMatrixTest extends SharedMongo {

    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static final StepHandler TOUCH = ctx -> ctx.mongo().getCollection("touched").insertOne(new Document());

    static Stream<Arguments> invalidChains() {
        return Stream.of(
                chain("gap between steps", ErrorCode.CHAIN_GAP, b -> b.targetVersion("2.0.0")
                        .step("s1").from("1.0.0").to("1.1.0").up(TOUCH)
                        .step("s2").from("1.2.0").to("2.0.0").up(TOUCH), "s1", "1.1.0", "s2", "1.2.0"),
                chain("overlapping steps", ErrorCode.CHAIN_GAP, b -> b.targetVersion("2.0.0")
                        .step("s1").from("1.0.0").to("1.2.0").up(TOUCH)
                        .step("s2").from("1.1.0").to("2.0.0").up(TOUCH), "1.2.0", "1.1.0"),
                chain("steps registered out of order", ErrorCode.CHAIN_GAP, b -> b.targetVersion("2.0.0")
                        .step("s2").from("1.1.0").to("2.0.0").up(TOUCH)
                        .step("s1").from("1.0.0").to("1.1.0").up(TOUCH), "s2", "2.0.0", "s1", "1.0.0"),
                chain("gap at a prerelease", ErrorCode.CHAIN_GAP, b -> b.targetVersion("2.0.0")
                        .step("s1").from("1.0.0").to("1.1.0-rc.1").up(TOUCH)
                        .step("s2").from("1.1.0").to("2.0.0").up(TOUCH), "1.1.0-rc.1", "1.1.0"),
                chain("duplicate adjacent ids", ErrorCode.DUPLICATE_STEP_ID, b -> b.targetVersion("2.0.0")
                        .step("same").from("1.0.0").to("1.1.0").up(TOUCH)
                        .step("same").from("1.1.0").to("2.0.0").up(TOUCH), "'same'"),
                chain("duplicate distant ids", ErrorCode.DUPLICATE_STEP_ID, b -> b.targetVersion("2.0.0")
                        .step("a").from("1.0.0").to("1.1.0").up(TOUCH)
                        .step("b").from("1.1.0").to("1.2.0").up(TOUCH)
                        .step("a").from("1.2.0").to("2.0.0").up(TOUCH), "'a'", "#1", "#3"),
                chain("reversed range", ErrorCode.INVALID_STEP_RANGE, b -> b.targetVersion("2.0.0")
                        .step("down").from("2.0.0").to("1.0.0").up(TOUCH), "'down'", "2.0.0", "1.0.0"),
                chain("empty range", ErrorCode.INVALID_STEP_RANGE, b -> b.targetVersion("2.0.0")
                        .step("flat").from("2.0.0").to("2.0.0").up(TOUCH), "'flat'", "2.0.0"),
                chain("range reversed by a prerelease", ErrorCode.INVALID_STEP_RANGE, b -> b.targetVersion("2.0.0")
                        .step("pre").from("2.0.0").to("2.0.0-rc.1").up(TOUCH), "'pre'", "2.0.0-rc.1"),
                chain("same version with other build metadata", ErrorCode.INVALID_STEP_RANGE, b -> b.targetVersion("2.0.0")
                        .step("meta").from("2.0.0+a").to("2.0.0+b").up(TOUCH), "'meta'", "2.0.0+a", "2.0.0+b"),
                chain("target inside a step", ErrorCode.TARGET_NOT_REACHABLE, b -> b.targetVersion("1.5.0")
                        .step("big").from("1.0.0").to("2.0.0").up(TOUCH), "'big'", "1.5.0", "2.0.0"),
                chain("target inside the second step", ErrorCode.TARGET_NOT_REACHABLE, b -> b.targetVersion("1.1.5")
                        .step("s1").from("1.0.0").to("1.1.0").up(TOUCH)
                        .step("s2").from("1.1.0").to("1.2.0").up(TOUCH), "'s2'", "1.1.5"),
                chain("target a prerelease inside a step", ErrorCode.TARGET_NOT_REACHABLE, b -> b.targetVersion("2.0.0-rc.1")
                        .step("s1").from("1.0.0").to("2.0.0").up(TOUCH), "2.0.0-rc.1", "'s1'"),
                chain("missing target", ErrorCode.INVALID_CONFIG, b -> b
                        .step("s1").from("1.0.0").to("2.0.0").up(TOUCH), "targetVersion"),
                chain("fresh install above the target", ErrorCode.INVALID_CONFIG, b -> b.targetVersion("2.0.0")
                        .freshInstallVersion("3.0.0").step("s1").from("1.0.0").to("2.0.0").up(TOUCH), "3.0.0", "2.0.0"),
                chain("blank step id", ErrorCode.INVALID_CONFIG, b -> b.targetVersion("2.0.0")
                        .step(" ").from("1.0.0").to("2.0.0").up(TOUCH), "#1"),
                chain("step without from", ErrorCode.INVALID_CONFIG, b -> b.targetVersion("2.0.0")
                        .step("s1").to("2.0.0").up(TOUCH), "'s1'", "no 'from' version", ".from("),
                chain("zero lease", ErrorCode.INVALID_CONFIG, b -> b.targetVersion("2.0.0").lockTtl(Duration.ZERO)
                        .step("s1").from("1.0.0").to("2.0.0").up(TOUCH), "lockTtl", "PT0S"),
                chain("negative lock wait", ErrorCode.INVALID_CONFIG, b -> b.targetVersion("2.0.0")
                        .lockWait(Duration.ofSeconds(-1)).step("s1").from("1.0.0").to("2.0.0").up(TOUCH), "lockWait", "PT-1S"),
                chain("ledger name with a space", ErrorCode.INVALID_CONFIG, b -> b.targetVersion("2.0.0")
                        .ledgerName("my ledger").step("s1").from("1.0.0").to("2.0.0").up(TOUCH), "'my ledger'"));
    }

    private static Arguments chain(String name, ErrorCode code, UnaryOperator<SmartMigration.Builder> chain,
                                   String... named) {
        return Arguments.of(name, code, chain, List.of(named));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("invalidChains")
    @DisplayName("an invalid chain fails at build with its code and values, before any handler or ledger write")
    void invalidChainFailsAtBuild(String name, ErrorCode code, UnaryOperator<SmartMigration.Builder> chain,
                                  List<String> named) {
        // GIVEN a database whose ledger is at 1.0.0
        String db = seedLedger("1.0.0");
        byte[] before = new MongoLedgerDoc(client, db).bytes();

        // WHEN the chain is built THEN its code, naming the values
        assertThatThrownBy(() -> chain.apply(SmartMigration.builder().mongo(client, db)).build())
                .isInstanceOfSatisfying(SmartMigrationException.class, e -> {
                    assertThat(e.code()).isEqualTo(code);
                    assertThat(e.getMessage()).contains(named);
                });
        assertThat(new MongoLedgerDoc(client, db).bytes()).isEqualTo(before);
        assertThat(client.getDatabase(db).listCollectionNames()).containsOnly(MongoLedgerDoc.COLLECTION);
    }

    @Test
    @DisplayName("a ledger older than the chain's first step fails with LEDGER_BEHIND_CHAIN naming both versions, bytes unchanged")
    void ledgerBehindChain() {
        String db = seedLedger("0.9.0");
        byte[] before = new MongoLedgerDoc(client, db).bytes();
        SmartMigration migration = SmartMigration.builder().targetVersion("2.0.0").mongo(client, db)
                .step("first").from("1.0.0").to("2.0.0").up(TOUCH).build();

        assertThatThrownBy(migration::run).isInstanceOfSatisfying(SmartMigrationException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.LEDGER_BEHIND_CHAIN))
                .hasMessageContaining("0.9.0").hasMessageContaining("'first'").hasMessageContaining("1.0.0");
        assertThat(new MongoLedgerDoc(client, db).bytes()).isEqualTo(before);
        assertThat(client.getDatabase(db).listCollectionNames()).containsOnly(MongoLedgerDoc.COLLECTION);
    }

    @Test
    @DisplayName("a ledger ahead of the target fails with DATA_AHEAD_OF_CODE naming both versions where asked, bytes unchanged")
    void dataAheadOfCodeWhenAsked() {
        String db = seedLedger("3.0.0");
        byte[] before = new MongoLedgerDoc(client, db).bytes();
        SmartMigration migration = SmartMigration.builder().targetVersion("2.0.0").mongo(client, db).failIfDataAhead(true)
                .step("s1").from("1.0.0").to("2.0.0").up(TOUCH).build();

        assertThatThrownBy(migration::run).isInstanceOfSatisfying(SmartMigrationException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.DATA_AHEAD_OF_CODE))
                .hasMessageContaining("3.0.0").hasMessageContaining("2.0.0");
        assertThat(new MongoLedgerDoc(client, db).bytes()).isEqualTo(before);
    }

    @Test
    @DisplayName("by default a ledger ahead of the target is a DATA_AHEAD_OF_CODE outcome that writes nothing")
    void dataAheadOfCodeByDefault() {
        String db = seedLedger("3.0.0");
        byte[] before = new MongoLedgerDoc(client, db).bytes();
        SmartMigration migration = SmartMigration.builder().targetVersion("2.0.0").mongo(client, db)
                .step("s1").from("1.0.0").to("2.0.0").up(TOUCH).build();

        MigrationResult result = migration.run();

        assertThat(result.outcome()).isEqualTo(Outcome.DATA_AHEAD_OF_CODE);
        assertThat(new MongoLedgerDoc(client, db).bytes()).isEqualTo(before);
        assertThat(client.getDatabase(db).listCollectionNames()).containsOnly(MongoLedgerDoc.COLLECTION);
    }

    @Test
    @DisplayName("a live lock held by another instance gives LOCK_TIMEOUT after lockWait naming the holder and its expiry, bytes unchanged")
    void heldLockTimesOut() {
        String db = "chains_" + DATABASES.incrementAndGet();
        Date expires = new Date(System.currentTimeMillis() + 3_600_000);
        MongoLedgerDoc ledger = new MongoLedgerDoc(client, db);
        ledger.replace(new Document("schemaVersion", 1).append("currentVersion", "1.0.0").append("updatedAt", new Date())
                .append("lock", new Document("owner", "ghost-instance").append("token", "t").append("host", "ghost-host")
                        .append("acquiredAt", new Date()).append("expiresAt", expires))
                .append("checkpoint", null).append("history", List.of()));
        byte[] before = ledger.bytes();
        SmartMigration migration = SmartMigration.builder().targetVersion("2.0.0").mongo(client, db)
                .lockWait(Duration.ofMillis(300)).step("s1").from("1.0.0").to("2.0.0").up(TOUCH).build();

        assertThatThrownBy(migration::run).isInstanceOfSatisfying(SmartMigrationException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.LOCK_TIMEOUT))
                .hasMessageContaining("ghost-instance").hasMessageContaining(expires.toInstant().toString().substring(0, 16));
        assertThat(ledger.bytes()).isEqualTo(before);
        assertThat(client.getDatabase(db).listCollectionNames()).containsOnly(MongoLedgerDoc.COLLECTION);
    }

    private static String seedLedger(String version) {
        String db = "chains_" + DATABASES.incrementAndGet();
        new MongoLedgerDoc(client, db).replace(new Document("schemaVersion", 1).append("currentVersion", version)
                .append("updatedAt", new Date()).append("lock", null).append("checkpoint", null).append("history", List.of()));
        return db;
    }
}
