package io.smartmigration.test;

import static io.smartmigration.test.MigrationAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smartmigration.AppliedStep;
import io.smartmigration.HistoryEntry;
import io.smartmigration.HistoryStatus;
import io.smartmigration.MigrationResult;
import io.smartmigration.Outcome;
import io.smartmigration.test.DataSnapshot.CollectionSnapshot;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("MigrationAssertions")
class MigrationAssertionsTest {

    private static final MigrationResult MIGRATED = new MigrationResult(Optional.of("1.0.5"), "2.0.0", "2.0.0",
            List.of(new AppliedStep("add-status", "1.0.0", "1.1.0", 3, true),
                    new AppliedStep("move-avatars", "1.1.0", "2.0.0", 5, false)),
            Outcome.MIGRATED, 9);
    private static final MigrationResult STOPPED = new MigrationResult(Optional.of("1.0.0"), "1.1.0", "2.0.0",
            List.of(new AppliedStep("add-status", "1.0.0", "1.1.0", 3, false)), Outcome.MIGRATED, 4);

    @Test
    @DisplayName("a result that reached its target with these steps passes reachedTarget, applied and skippedForward")
    void passingResult() {
        assertThat(MIGRATED).reachedTarget().endedAt("2.0.0").applied("add-status", "move-avatars")
                .skippedForward("add-status").hasOutcome(Outcome.MIGRATED);
    }

    @Test
    @DisplayName("reachedTarget says where the data ended instead")
    void reachedTargetMessage() {
        assertThatThrownBy(() -> assertThat(STOPPED).reachedTarget())
                .hasMessage("Expected the run to reach target 2.0.0, but the data ended at 1.1.0 (outcome MIGRATED,"
                        + " steps applied [add-status])");
    }

    @Test
    @DisplayName("applied shows the expected and the actual steps")
    void appliedMessage() {
        assertThatThrownBy(() -> assertThat(STOPPED).applied("add-status", "move-avatars"))
                .hasMessageContaining("Expected the steps [add-status, move-avatars] to be applied, in that order,"
                        + " but [add-status] were");
    }

    @Test
    @DisplayName("wasNoOp and skippedForward explain what happened instead")
    void noOpAndSkipForwardMessages() {
        assertThatThrownBy(() -> assertThat(MIGRATED).wasNoOp())
                .hasMessageContaining("Expected outcome NO_OP, but it was MIGRATED");
        assertThatThrownBy(() -> assertThat(MIGRATED).skippedForward("move-avatars"))
                .hasMessageContaining("ran from its start version 1.1.0");
        assertThatThrownBy(() -> assertThat(STOPPED).skippedForward("move-avatars"))
                .hasMessageContaining("but it did not run; steps applied: [add-status]");
    }

    @Test
    @DisplayName("isEqualTo on snapshots fails with the readable diff, expected → actual")
    void snapshotDiffMessage() {
        DataSnapshot expected = DataSnapshot.of(List.of(new CollectionSnapshot("users",
                List.of("{\"_id\": 3, \"status\": \"active\"}"), List.of())), List.of());
        DataSnapshot actual = DataSnapshot.of(List.of(new CollectionSnapshot("users",
                List.of("{\"_id\": 3}"), List.of())), List.of());

        assertThatThrownBy(() -> assertThat(actual).isEqualTo(expected))
                .hasMessageContaining("1 difference(s), expected → actual:")
                .hasMessageContaining("users {_id: 3}: field status: \"active\" → missing");
    }

    @Test
    @DisplayName("hasCollection and hasObject list what exists")
    void snapshotContents() {
        DataSnapshot snapshot = DataSnapshot.of(List.of(new CollectionSnapshot("users", List.of(), List.of())),
                List.of(new DataSnapshot.ObjectSnapshot("a.png", "00", 1, "image/png", Map.of())));

        assertThat(snapshot).hasCollection("users").hasDocumentCount("users", 0).hasObject("a.png", "image/png")
                .doesNotHaveCollection("audit").doesNotHaveObject("b.png");
        assertThatThrownBy(() -> assertThat(snapshot).hasCollection("audit"))
                .hasMessageContaining("Expected a collection 'audit', but the collections are [users]");
        assertThatThrownBy(() -> assertThat(snapshot).hasObject("b.png"))
                .hasMessageContaining("Expected an object 'b.png', but the keys are [a.png]");
    }

    @Test
    @DisplayName("ledger assertions: isAt, hasHistory, isLocked and hasCheckpointFor")
    void ledger() {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");
        HistoryEntry stamped = new HistoryEntry("<smartmigration-test>", "", "1.0.0", HistoryStatus.STAMPED, false, now,
                now, 0, "t", Optional.empty());
        HistoryEntry applied = new HistoryEntry("add-status", "1.0.0", "1.1.0", HistoryStatus.APPLIED, false, now, now, 1,
                "t", Optional.empty());
        LedgerSnapshot ledger = new LedgerSnapshot(Optional.of("1.1.0"), List.of(stamped, applied), Optional.of("i-1"),
                Optional.of(now), Optional.of("move-avatars"), Map.of("k", "v"));

        assertThat(ledger).isAt("1.1.0").hasHistory("add-status").hasEntry("add-status", HistoryStatus.APPLIED)
                .isLocked().hasCheckpointFor("move-avatars");
        assertThatThrownBy(() -> assertThat(ledger).isAt("2.0.0"))
                .hasMessageContaining("Expected the ledger at 2.0.0, but it is at 1.1.0");
        assertThatThrownBy(() -> assertThat(ledger).hasHistory("add-status", "move-avatars"))
                .hasMessageContaining("applied steps to be [add-status, move-avatars], but they are [add-status]");
        assertThatThrownBy(() -> assertThat(ledger).isUnlocked())
                .hasMessageContaining("'i-1' holds its lock until 2026-01-01T00:00:00Z");
    }
}
