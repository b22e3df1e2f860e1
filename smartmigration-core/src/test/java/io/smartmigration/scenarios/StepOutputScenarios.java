package io.smartmigration.scenarios;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smartmigration.ErrorCode;
import io.smartmigration.HistoryEntry;
import io.smartmigration.HistoryStatus;
import io.smartmigration.MigrationStatus;
import io.smartmigration.SmartMigration;
import io.smartmigration.SmartMigrationException;
import io.smartmigration.StepState;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** A step's own output in its history entry, and steps that misuse their context; run once per backend. */
public abstract class StepOutputScenarios extends ScenarioBase {

    private SmartMigration.Builder oneStep(io.smartmigration.StepHandler handler) {
        return builder().targetVersion("1.1.0").step("s1").from("1.0.0").to("1.1.0").up(handler);
    }

    private HistoryEntry onlyEntry() {
        List<HistoryEntry> history = history();
        assertThat(history).hasSize(1);
        return history.get(0);
    }

    @Test
    @DisplayName("the summary a handler sets with ctx.output is stored in its APPLIED entry and shown by status()")
    void outputInHistoryAndStatus() {
        oneStep(ctx -> {
            ctx.output("first draft");
            ctx.output("moved 32 attachment(s)\nof 21 note(s)");
        }).build().run();

        assertThat(onlyEntry().output()).contains("moved 32 attachment(s)\nof 21 note(s)");
        MigrationStatus status = oneStep(ctx -> { }).build().status();
        assertThat(status.steps().get(0).state()).isEqualTo(StepState.APPLIED);
        assertThat(status.steps().get(0).output()).contains("moved 32 attachment(s)\nof 21 note(s)");
        assertThat(status.toString()).contains("s1 output: moved 32 attachment(s)\n    of 21 note(s)");
    }

    @Test
    @DisplayName("a step that sets no output has none, and the stamps have none")
    void noOutput() {
        stamp("1.0.0");
        oneStep(ctx -> { }).build().run();

        assertThat(history()).extracting(HistoryEntry::output).containsOnly(java.util.Optional.empty());
    }

    @Test
    @DisplayName("an output over 16 KiB is cut on a character boundary to 16 KiB of UTF-8, ending with [truncated]")
    void longOutputIsCapped() {
        String text = "é€😀".repeat(3000);   // 2 + 3 + 4 bytes each: 27 000 bytes
        oneStep(ctx -> ctx.output(text)).build().run();

        String stored = onlyEntry().output().orElseThrow();
        assertThat(stored).endsWith(" " + HistoryEntry.TRUNCATED);
        assertThat(stored.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(HistoryEntry.OUTPUT_LIMIT_BYTES)
                .isGreaterThan(HistoryEntry.OUTPUT_LIMIT_BYTES - 4 - HistoryEntry.TRUNCATED.length() - 1);
        String kept = stored.substring(0, stored.length() - HistoryEntry.TRUNCATED.length() - 1);
        assertThat(text).startsWith(kept);
        assertThat(Character.isHighSurrogate(kept.charAt(kept.length() - 1))).isFalse();
    }

    @Test
    @DisplayName("an output of exactly 16 KiB is kept whole")
    void outputAtTheLimitIsKept() {
        String text = "x".repeat(HistoryEntry.OUTPUT_LIMIT_BYTES);
        oneStep(ctx -> ctx.output(text)).build().run();

        assertThat(onlyEntry().output()).contains(text);
    }

    @Test
    @DisplayName("a failing step's FAILED entry keeps the output it set before failing")
    void failedStepKeepsOutput() {
        SmartMigration migration = oneStep(ctx -> {
            ctx.output("moved 10 of 32 before the failure");
            throw new IllegalStateException("disk full");
        }).build();

        assertThatThrownBy(migration::run).isInstanceOfSatisfying(SmartMigrationException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.STEP_FAILED));
        HistoryEntry failed = onlyEntry();
        assertThat(failed.status()).isEqualTo(HistoryStatus.FAILED);
        assertThat(failed.output()).contains("moved 10 of 32 before the failure");
        assertThat(migration.status().steps().get(0).output()).contains("moved 10 of 32 before the failure");
    }

    @Test
    @DisplayName("a context misuse wrapped by the handler is still reported as INVALID_CONFIG")
    void wrappedMisuseIsInvalidConfig() {
        SmartMigration migration = oneStep(ctx -> {
            try {
                ctx.checkpoint();
            } catch (RuntimeException e) {
                throw new IllegalStateException("could not resume", e);
            }
        }).build();

        assertThatThrownBy(migration::run).isInstanceOfSatisfying(SmartMigrationException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_CONFIG));
    }

    @Test
    @DisplayName("ctx.output(null) is INVALID_CONFIG naming the step")
    void nullOutput() {
        assertThatThrownBy(oneStep(ctx -> ctx.output(null)).build()::run)
                .isInstanceOfSatisfying(SmartMigrationException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_CONFIG))
                .hasMessageContaining("ctx.output(null)").hasMessageContaining("'s1'");
    }

    @Test
    @DisplayName("a handler's own exception stays STEP_FAILED")
    void handlerExceptionStaysStepFailed() {
        assertThatThrownBy(oneStep(ctx -> {
            throw new SmartMigrationException(ErrorCode.INVALID_CONFIG, "the handler's own configuration check");
        }).build()::run).isInstanceOfSatisfying(SmartMigrationException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.STEP_FAILED));
    }
}
