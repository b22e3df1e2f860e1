package io.smartmigration.scenarios;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smartmigration.ErrorCode;
import io.smartmigration.HistoryEntry;
import io.smartmigration.HistoryStatus;
import io.smartmigration.LedgerContents;
import io.smartmigration.LockHolder;
import io.smartmigration.MigrationLedger;
import io.smartmigration.SmartMigration;
import io.smartmigration.SmartMigrationException;
import io.smartmigration.spi.SimulatedProcessDeath;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * {@link MigrationLedger}: a ledger read and repaired by location, as the CLI, a health check or
 * a test toolkit does; run once per backend by subclasses.
 */
public abstract class MigrationLedgerScenarios extends ScenarioBase {

    /** The ledger of this test's namespace, opened by location the way a tool opens it. */
    protected abstract MigrationLedger.Builder byLocation();

    @Test
    @DisplayName("GIVEN no run ever wrote the ledger WHEN a tool reads it THEN it is empty and nothing is written")
    void emptyLedger() {
        MigrationLedger ledger = byLocation().build();

        assertThat(ledger.read()).isEmpty();
        assertThat(ledger.currentVersion()).isEmpty();
        assertThat(ledger.read()).isEmpty();
    }

    @Test
    @DisplayName("GIVEN a chain ran WHEN a tool reads the ledger by location THEN it sees the runner's version and history")
    void readsWhatARunnerWrote() {
        fourSteps().build().run();

        LedgerContents contents = byLocation().build().read().orElseThrow();

        assertThat(contents.currentVersion()).contains(TARGET);
        assertThat(contents.history()).extracting(HistoryEntry::stepId).containsExactly("s1", "s2", "s3", "s4");
        assertThat(contents.lastEntry().map(HistoryEntry::stepId)).contains("s4");
        assertThat(contents.lock()).isEmpty();
        assertThat(contents.checkpoint()).isEmpty();
        assertThat(contents.updatedAt()).isPresent();
        assertThat(contents).isEqualTo(builder().build().ledger().read().orElseThrow());
    }

    @Test
    @DisplayName("GIVEN an instance died in a resumable step WHEN a tool reads the ledger THEN it names the live lock"
            + " holder and the saved checkpoint, and forceUnlock removes the lock and names the holder")
    void lockAndCheckpointOfADeadInstance() {
        SmartMigration dying = builder().instanceId("pod-7").lockTtl(Duration.ofMinutes(10))
                .step("move").from("1.0.0").to(TARGET).resumable().up(ctx -> {
                    ctx.checkpoint().put("page", "3");
                    throw new SimulatedProcessDeath("killed after page 3");
                }).build();
        assertThatThrownBy(dying::run).isInstanceOf(SimulatedProcessDeath.class);
        MigrationLedger ledger = byLocation().instanceId("operator").build();

        LedgerContents contents = ledger.read().orElseThrow();
        Optional<LockHolder> removed = ledger.forceUnlock();

        assertThat(contents.liveLock()).hasValueSatisfying(holder -> {
            assertThat(holder.owner()).isEqualTo("pod-7");
            assertThat(holder.expired()).isFalse();
        });
        assertThat(contents.checkpoint()).hasValueSatisfying(c -> {
            assertThat(c.stepId()).isEqualTo("move");
            assertThat(c.data()).isEqualTo(Map.of("page", "3"));
        });
        assertThat(removed.map(LockHolder::owner)).contains("pod-7");
        assertThat(ledger.read().orElseThrow().lock()).isEmpty();
        assertThat(ledger.forceUnlock()).isEmpty();
    }

    @Test
    @DisplayName("GIVEN data no ledger tracks WHEN a tool baselines it THEN the runner runs only the later steps")
    void baselineByLocation() {
        HistoryEntry entry = byLocation().instanceId("operator").build().baseline("1.2.0", false);

        var result = fourSteps().build().run();

        assertThat(entry.stepId()).isEqualTo("<baseline>");
        assertThat(entry.owner()).isEqualTo("operator");
        assertThat(result.stepsApplied()).extracting(s -> s.id()).containsExactly("s3", "s4");
        assertThatThrownBy(() -> byLocation().build().baseline("1.0.0", false))
                .isInstanceOfSatisfying(SmartMigrationException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.BASELINE_REFUSED));
    }

    @Test
    @DisplayName("GIVEN a ledger with history WHEN a test toolkit stamps it THEN the version moves, a STAMPED entry"
            + " with its marker is appended, and the next run re-plans from there")
    void stamp() {
        fourSteps().targetVersion("1.2.0").build().run();

        HistoryEntry entry = byLocation().instanceId("toolkit").build().stamp("1.1.5", "<test-seed>");
        var result = fourSteps().build().run();

        assertThat(entry.status()).isEqualTo(HistoryStatus.STAMPED);
        assertThat(entry.from()).isEqualTo("1.2.0");
        assertThat(entry.stepId()).isEqualTo("<test-seed>");
        assertThat(result.stepsApplied()).extracting(s -> s.id()).containsExactly("s2", "s3", "s4");
        assertThat(result.stepsApplied().get(0).skipForward()).isTrue();
    }

    @Test
    @DisplayName("a name a ledger cannot have, or a version that is not SemVer, is refused before any I/O")
    void refusesBadInput() {
        assertThatThrownBy(() -> byLocation().name("bad/name").build()).isInstanceOfSatisfying(
                SmartMigrationException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_CONFIG));
        assertThatThrownBy(() -> byLocation().build().stamp("1.2", "<x>")).isInstanceOfSatisfying(
                SmartMigrationException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_VERSION));
    }
}
