package io.smartmigration.test;

import static io.smartmigration.test.MigrationAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.client.MongoDatabase;
import io.smartmigration.ErrorCode;
import io.smartmigration.HistoryStatus;
import io.smartmigration.LedgerBackend;
import io.smartmigration.MigrationResult;
import io.smartmigration.SmartMigrationException;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@MigrationTest
@Timeout(value = 30, unit = TimeUnit.SECONDS)
@DisplayName("MigrationHarness")
class MigrationHarnessTest {

    @Test
    @DisplayName("seed writes the fixture's documents and objects and stamps the ledger at its version")
    void seedWritesDataAndStampsTheLedger(MigrationHarness h, MongoDatabase db, TestBucket bucket) {
        h.seed(Chains.users());

        assertThat(db.getCollection("users").countDocuments()).isEqualTo(3);
        assertThat(bucket.get("avatars/1.png")).containsExactly(1, 2, 3);
        assertThat(h.ledgerVersion()).contains("1.0.0");
        assertThat(h.ledger()).isAt("1.0.0").hasEntry("<smartmigration-test>", HistoryStatus.STAMPED).isUnlocked();
    }

    @Test
    @DisplayName("run binds the chain to the test's database and bucket and brings the data to the target")
    void runMigratesTheTestsData(MigrationHarness h, MongoDatabase db, TestBucket bucket) {
        h.seed(Chains.users());

        MigrationResult result = h.run(Chains.correct());

        assertThat(result).reachedTarget().applied("add-status", "export-profiles");
        assertThat(db.getCollection("users").find(new Document("_id", 1)).first().getString("status")).isEqualTo("active");
        assertThat(bucket.getText("profiles/3.json")).contains("blocked");
        assertThat(h.ledger()).isAt("2.0.0").hasHistory("add-status", "export-profiles").isUnlocked().hasNoCheckpoint();
        assertThat(h.run(Chains.correct())).wasNoOp();
        assertThat(h).isAt("2.0.0").isUnlocked();
    }

    @Test
    @DisplayName("stampLedger at an orphan version makes the next run skip forward into the step around it")
    void stampLedgerSimulatesAnOrphanVersion(MigrationHarness h) {
        h.seed(Chains.users());
        h.stampLedger("1.0.5");

        MigrationResult result = h.run(Chains.correct());

        assertThat(result).reachedTarget().applied("add-status", "export-profiles").skippedForward("add-status");
    }

    @Test
    @DisplayName("runWithCrash leaves the lock held and the checkpoint written; the next run takes over and finishes")
    void crashThenResume(MigrationHarness h) {
        h.seed(Chains.users());

        h.runWithCrash(Chains.correct(), Crash.inStep("export-profiles").afterBatches(1));

        assertThat(h.ledger()).isAt("1.1.0").isLocked().hasCheckpointFor("export-profiles")
                .hasHistory("add-status");
        assertThat(h.ledger().history()).noneMatch(e -> e.status() == HistoryStatus.FAILED);
        assertThat(h.snapshot()).hasObject("profiles/1.json").hasObject("profiles/2.json")
                .doesNotHaveObject("profiles/3.json");

        MigrationResult resumed = h.run(Chains.correct());

        assertThat(resumed).reachedTarget().applied("export-profiles");
        assertThat(h.snapshot()).hasObject("profiles/3.json", "application/json");
        assertThat(h.ledger()).isAt("2.0.0").isUnlocked();
    }

    @Test
    @DisplayName("runWithCrash after the n-th write dies right after that write reached the store")
    void crashAfterWrites(MigrationHarness h, TestBucket bucket) {
        h.seed(Chains.users());

        h.runWithCrash(Chains.correct(), Crash.inStep("export-profiles").afterWrites(1));

        assertThat(bucket.keys()).contains("profiles/1.json").doesNotContain("profiles/2.json");
        assertThat(h.ledger()).isAt("1.1.0").isLocked();
    }

    @Test
    @DisplayName("runWithCrash fails when the step finishes before the crash point, saying what it did")
    void crashPointNeverReached(MigrationHarness h) {
        h.seed(Chains.users());

        assertThatThrownBy(() -> h.runWithCrash(Chains.correct(), Crash.inStep("export-profiles").afterBatches(5)))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("step 'export-profiles' finished after 2 batch(es) and 6 write(s)");
    }

    @Test
    @DisplayName("runWithCrash explains a handler that catches the simulated crash instead of dying")
    void handlerCatchingTheCrash(MigrationHarness h) {
        h.seed(Chains.users());
        io.smartmigration.SmartMigration.Builder swallowing = io.smartmigration.SmartMigration.builder()
                .targetVersion("1.1.0")
                .step("careless").from("1.0.0").to("1.1.0").resumable()
                .up(ctx -> {
                    try {
                        ctx.forEachDocumentBatch("users", 1, batch -> { });
                    } catch (Throwable t) {
                        throw new IllegalStateException("wrapped", t);
                    }
                });

        assertThatThrownBy(() -> h.runWithCrash(swallowing, Crash.inStep("careless").afterBatches(1)))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("step 'careless' caught the simulated crash")
                .hasMessageContaining("catch Exception instead");
    }

    @Test
    @DisplayName("runWithCrash names the chain's steps when the crash step does not exist")
    void crashInUnknownStep(MigrationHarness h) {
        assertThatThrownBy(() -> h.runWithCrash(Chains.correct(), Crash.inStep("nope").afterBatches(1)))
                .isInstanceOf(SmartMigrationException.class)
                .hasMessageContaining("no step 'nope' in the chain: its steps are [add-status, export-profiles]");
    }

    @Test
    @DisplayName("assertIdempotent passes for a chain whose steps can run twice, and leaves the data at the target")
    void idempotentChainPasses(MigrationHarness h) {
        h.seed(Chains.users());

        h.assertIdempotent(Chains.correct());

        assertThat(h.ledger()).isAt("2.0.0");
        assertThat(h.snapshot()).hasDocumentCount("users", 3).hasObject("profiles/2.json");
    }

    @Test
    @DisplayName("assertIdempotent names the step, the document and the field of an $inc")
    void incIsCaught(MigrationHarness h) {
        h.seed(Chains.users());

        assertThatThrownBy(() -> h.assertIdempotent(Chains.incrementing()))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("step 'count-logins' (1.0.0 -> 1.1.0) is not idempotent")
                .hasMessageContaining("users {_id: 1}: field logins: 1 → 2");
    }

    @Test
    @DisplayName("assertIdempotent catches an insert without an existence check")
    void blindInsertIsCaught(MigrationHarness h) {
        h.seed(Chains.users());

        assertThatThrownBy(() -> h.assertIdempotent(Chains.inserting()))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("step 'add-audit-entry'")
                .hasMessageContaining("audit {_id: {\"$oid\":")
                .hasMessageContaining(": document added {");
    }

    @Test
    @DisplayName("assertIdempotent catches an append to an S3 object, showing the line it added")
    void s3AppendIsCaught(MigrationHarness h) {
        h.seed(Chains.users());

        assertThatThrownBy(() -> h.assertIdempotent(Chains.appending()))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("step 'append-changelog'")
                .hasMessageContaining("object changelog.txt: line 2 added: \"migrated to 1.1.0\"");
    }

    @Test
    @DisplayName("the snapshot leaves the ledger out")
    void snapshotExcludesTheLedger(MigrationHarness h) {
        h.stampLedger("1.0.0");

        assertThat(h.snapshot()).isEqualTo(DataSnapshot.empty());
    }

    @Test
    @DisplayName("reset removes every collection, object and the ledger")
    void resetEmptiesEverything(MigrationHarness h) {
        h.seed(Chains.users());

        h.reset();

        assertThat(h.snapshot()).isEqualTo(DataSnapshot.empty());
        assertThat(h.ledgerVersion()).isEmpty();
    }

    @Test
    @DisplayName("a chain with another ledger than the one seeded fails and says to call useLedger")
    void ledgerMismatchIsExplained(MigrationHarness h) {
        h.seed(Chains.users());

        assertThatThrownBy(() -> h.run(Chains.correct().ledgerName("billing")))
                .isInstanceOf(SmartMigrationException.class)
                .satisfies(e -> assertThat(((SmartMigrationException) e).code()).isEqualTo(ErrorCode.INVALID_CONFIG))
                .hasMessageContaining("call h.useLedger(\"billing\", LedgerBackend.MONGO) before seed()");
    }

    @Test
    @DisplayName("useLedger makes seed stamp the chain's own ledger")
    void useLedgerStampsTheNamedLedger(MigrationHarness h) {
        h.useLedger("billing", LedgerBackend.MONGO);
        h.seed(Chains.users());

        assertThat(h.run(Chains.correct().ledgerName("billing"))).reachedTarget().applied("add-status", "export-profiles");
    }
}
