package io.smartmigration.reliability;

import io.smartmigration.reliability.support.SharedMongo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smartmigration.ErrorCode;
import io.smartmigration.SmartMigration;
import io.smartmigration.SmartMigrationException;
import io.smartmigration.reliability.support.MatrixTally;
import io.smartmigration.reliability.support.MongoLedgerDoc;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.bson.Document;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Strings that are not strict SemVer 2.0.0, wherever a version enters: the target, a step's
 * {@code from} and {@code to}, the fresh-install version (INVALID_VERSION at build, before any
 * I/O), and the ledger's {@code currentVersion} (LEDGER_CORRUPT at run, plan and currentVersion).
 * Every message quotes the value; the ledger's bytes are the same afterwards.
 */
@DisplayName("bad input: invalid version strings")
@ExtendWith(MatrixTally.class)
@Timeout(30)
class InvalidVersionMatrixTest extends SharedMongo {

    private static final AtomicInteger DATABASES = new AtomicInteger();

    /** 26 strings that look like versions and are not. */
    static List<String> invalidVersions() {
        return List.of(
                "1", "1.0", "1.0.0.0", "v1.0.0", "V1.0.0", "01.0.0", "1.01.0", "1.0.01", "1.0.0-", "1.0.0+",
                "1.0.0-01", "1.0.0-rc.01", "1.0.0-a..b", "1.0.0-rc.", "1.0.0+build..1", "1.0.0+b+2",
                "1.0.0-beta_1", " 1.0.0", "1.0.0 ", "1.0.0\n", "a.b.c", "-1.0.0", "1.-1.0", "1..0",
                "\u0661.\u0660.\u0660", "");
    }

    @ParameterizedTest(name = "targetVersion \"{0}\"")
    @MethodSource("invalidVersions")
    @DisplayName("as targetVersion: INVALID_VERSION quoting it, ledger untouched")
    void asTarget(String version) {
        expectInvalidVersion(version, v -> SmartMigration.builder().targetVersion(v)
                .step("s1").from("1.0.0").to("2.0.0").up(ctx -> { }));
    }

    @ParameterizedTest(name = "step from \"{0}\"")
    @MethodSource("invalidVersions")
    @DisplayName("as a step's from: INVALID_VERSION quoting it, ledger untouched")
    void asStepFrom(String version) {
        expectInvalidVersion(version, v -> SmartMigration.builder().targetVersion("2.0.0")
                .step("s1").from(v).to("2.0.0").up(ctx -> { }));
    }

    @ParameterizedTest(name = "step to \"{0}\"")
    @MethodSource("invalidVersions")
    @DisplayName("as a step's to: INVALID_VERSION quoting it, ledger untouched")
    void asStepTo(String version) {
        expectInvalidVersion(version, v -> SmartMigration.builder().targetVersion("2.0.0")
                .step("s1").from("1.0.0").to(v).up(ctx -> { }));
    }

    @ParameterizedTest(name = "freshInstallVersion \"{0}\"")
    @MethodSource("invalidVersions")
    @DisplayName("as freshInstallVersion: INVALID_VERSION quoting it, ledger untouched")
    void asFreshInstall(String version) {
        expectInvalidVersion(version, v -> SmartMigration.builder().targetVersion("2.0.0").freshInstallVersion(v)
                .step("s1").from("1.0.0").to("2.0.0").up(ctx -> { }));
    }

    @ParameterizedTest(name = "ledger currentVersion \"{0}\"")
    @MethodSource("invalidVersions")
    @DisplayName("as the ledger's currentVersion: LEDGER_CORRUPT quoting it from run, plan and currentVersion, bytes unchanged")
    void inTheLedger(String version) {
        // GIVEN a ledger whose version is not SemVer
        String db = "versions_" + DATABASES.incrementAndGet();
        MongoLedgerDoc ledger = new MongoLedgerDoc(client, db);
        ledger.replace(new Document("schemaVersion", 1).append("currentVersion", version)
                .append("updatedAt", new Date()).append("lock", null).append("checkpoint", null).append("history", List.of()));
        byte[] before = ledger.bytes();
        SmartMigration migration = SmartMigration.builder().targetVersion("2.0.0").mongo(client, db)
                .step("s1").from("1.0.0").to("2.0.0").up(ctx -> ctx.mongo().getCollection("touched").insertOne(new Document()))
                .build();

        // WHEN / THEN
        for (Executable call : List.<Executable>of(migration::run, migration::plan, migration::currentVersion)) {
            assertThatThrownBy(call::execute).isInstanceOfSatisfying(SmartMigrationException.class,
                    e -> assertThat(e.code()).isEqualTo(ErrorCode.LEDGER_CORRUPT))
                    .hasMessageContaining("currentVersion is \"" + version + "\"");
        }
        assertThat(ledger.bytes()).isEqualTo(before);
        assertThat(client.getDatabase(db).listCollectionNames()).containsOnly(MongoLedgerDoc.COLLECTION);
    }

    private static void expectInvalidVersion(String version, Function<String, SmartMigration.Builder> chain) {
        // GIVEN a database with a ledger at 1.0.0
        String db = "versions_" + DATABASES.incrementAndGet();
        MongoLedgerDoc ledger = new MongoLedgerDoc(client, db);
        ledger.replace(new Document("schemaVersion", 1).append("currentVersion", "1.0.0")
                .append("updatedAt", new Date()).append("lock", null).append("checkpoint", null).append("history", List.of()));
        byte[] before = ledger.bytes();

        // WHEN the chain is built against it THEN INVALID_VERSION quoting the value, before any I/O
        assertThatThrownBy(() -> chain.apply(version).mongo(client, db).build())
                .isInstanceOfSatisfying(SmartMigrationException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_VERSION))
                .hasMessageContaining("'" + version + "'");
        assertThat(ledger.bytes()).isEqualTo(before);
    }
}
