package io.smartmigration.internal.planner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smartmigration.ErrorCode;
import io.smartmigration.MigrationStep;
import io.smartmigration.Outcome;
import io.smartmigration.SmartMigrationException;
import static io.smartmigration.support.TestSteps.step;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@DisplayName("Planner")
class PlannerTest {

    /** a: 1.0.0 -> 1.1.0, b: 1.1.0 -> 1.2.0, c: 1.2.0 -> 2.0.0 */
    private static final List<MigrationStep> CHAIN = List.of(
            step("a", "1.0.0", "1.1.0"), step("b", "1.1.0", "1.2.0"), step("c", "1.2.0", "2.0.0"));

    static Stream<Arguments> table() {
        return Stream.of(
                // name, current, target, freshInstall, dataFresh, outcome, steps (id or id! for skip-forward), fresh stamp, target stamp
                row("fresh ledger runs the whole chain", null, "2.0.0", null, true, Outcome.MIGRATED, "a b c", null, null),
                row("fresh ledger, fresh data, freshInstallVersion = target stamps only", null, "2.0.0", "2.0.0", true,
                        Outcome.FRESH_INSTALL, "", "2.0.0", null),
                row("fresh ledger, fresh data, freshInstallVersion below target stamps then runs the rest", null, "2.0.0",
                        "1.1.0", true, Outcome.FRESH_INSTALL, "b c", "1.1.0", null),
                row("fresh ledger with existing data ignores freshInstallVersion", null, "2.0.0", "2.0.0", false,
                        Outcome.MIGRATED, "a b c", null, null),
                row("fresh ledger, target inside the chain stops at it", null, "1.2.0", null, true, Outcome.MIGRATED,
                        "a b", null, null),
                row("current == target is a no-op", "2.0.0", "2.0.0", null, true, Outcome.NO_OP, "", null, null),
                row("exact resume from the first step", "1.0.0", "2.0.0", null, true, Outcome.MIGRATED, "a b c", null, null),
                row("exact resume from the middle", "1.1.0", "2.0.0", null, true, Outcome.MIGRATED, "b c", null, null),
                row("exact resume from the last step", "1.2.0", "2.0.0", null, true, Outcome.MIGRATED, "c", null, null),
                row("skip-forward from an orphan version inside a step", "1.1.5", "2.0.0", null, true, Outcome.MIGRATED,
                        "b! c", null, null),
                row("skip-forward from a prerelease of the next step's end", "1.2.0-rc.1", "2.0.0", null, true,
                        Outcome.MIGRATED, "b! c", null, null),
                row("skip-forward from a prerelease between steps' versions", "2.0.0-alpha", "2.0.0", null, true,
                        Outcome.MIGRATED, "c!", null, null),
                row("no step after current stamps the target", "2.0.0", "2.1.0", null, true, Outcome.MIGRATED, "",
                        null, "2.1.0"),
                row("steps then stamp when the chain ends below the target", "1.1.0", "2.0.1", null, true,
                        Outcome.MIGRATED, "b c", null, "2.0.1"),
                row("data ahead of code is a no-op by default", "3.0.0", "2.0.0", null, true,
                        Outcome.DATA_AHEAD_OF_CODE, "", null, null),
                row("data ahead by a prerelease of the target is not ahead", "2.0.0-rc.1", "2.0.0", null, true,
                        Outcome.MIGRATED, "c!", null, null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void plans(String name, String current, String target, String freshInstall, boolean dataFresh, Outcome outcome,
               String steps, String freshStamp, String targetStamp) {
        Plan plan = Planner.plan(CHAIN, target, Optional.ofNullable(current), Optional.ofNullable(freshInstall), false,
                () -> dataFresh);

        assertThat(plan.outcome()).as("outcome").isEqualTo(outcome);
        assertThat(plan.steps()).extracting(s -> s.step().id() + (s.skipForward() ? "!" : ""))
                .as("steps").containsExactlyElementsOf(steps.isEmpty() ? List.of() : Arrays.asList(steps.split(" ")));
        assertThat(plan.freshInstall()).as("fresh install stamp").isEqualTo(Optional.ofNullable(freshStamp));
        assertThat(plan.stampTarget()).as("target stamp").isEqualTo(Optional.ofNullable(targetStamp));
    }

    @Test
    @DisplayName("the data-fresh probe is consulted only on a fresh ledger with freshInstallVersion set")
    void freshProbeIsLazy() {
        Planner.plan(CHAIN, "2.0.0", Optional.of("1.0.0"), Optional.of("2.0.0"), false, () -> {
            throw new AssertionError("probed");
        });
        Planner.plan(CHAIN, "2.0.0", Optional.empty(), Optional.empty(), false, () -> {
            throw new AssertionError("probed");
        });
    }

    @Test
    @DisplayName("data ahead of code fails with DATA_AHEAD_OF_CODE when failIfDataAhead is set")
    void dataAheadFails() {
        assertThatThrownBy(() -> Planner.plan(CHAIN, "2.0.0", Optional.of("2.1.0"), Optional.empty(), true, () -> true))
                .isInstanceOfSatisfying(SmartMigrationException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.DATA_AHEAD_OF_CODE))
                .hasMessageContaining("2.1.0").hasMessageContaining("2.0.0");
    }

    @Test
    @DisplayName("a ledger below the chain's first step fails with LEDGER_BEHIND_CHAIN")
    void ledgerBehindChain() {
        assertThatThrownBy(() -> Planner.plan(CHAIN, "2.0.0", Optional.of("0.9.0"), Optional.empty(), false, () -> true))
                .isInstanceOfSatisfying(SmartMigrationException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.LEDGER_BEHIND_CHAIN))
                .hasMessageContaining("0.9.0").hasMessageContaining("'a'").hasMessageContaining("1.0.0");
    }

    @Test
    @DisplayName("a step that would overshoot the target fails with TARGET_NOT_REACHABLE")
    void targetNotReachable() {
        assertThatThrownBy(() -> Planner.plan(CHAIN, "1.5.0", Optional.of("1.1.0"), Optional.empty(), false, () -> true))
                .isInstanceOfSatisfying(SmartMigrationException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.TARGET_NOT_REACHABLE))
                .hasMessageContaining("'c'").hasMessageContaining("1.5.0");
    }

    @Test
    @DisplayName("an empty chain on a fresh ledger stamps the target")
    void emptyChainStampsTarget() {
        Plan plan = Planner.plan(List.of(), "1.0.0", Optional.empty(), Optional.empty(), false, () -> true);

        assertThat(plan.steps()).isEmpty();
        assertThat(plan.stampTarget()).contains("1.0.0");
    }

    private static Arguments row(Object... values) {
        return Arguments.of(values);
    }
}
