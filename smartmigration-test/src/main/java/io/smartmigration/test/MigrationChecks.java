package io.smartmigration.test;

import io.smartmigration.ErrorCode;
import io.smartmigration.SmartMigration;
import io.smartmigration.SmartMigrationException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;

/**
 * Generates the checks every migration chain should pass, as dynamic tests, for each fixture:
 * <ul>
 *   <li>the chain reaches its target from the fixture (the <em>clean run</em>);</li>
 *   <li>each step is idempotent: re-run on its own output, it changes nothing;</li>
 *   <li>skip-forward: with the ledger stamped at an orphan version strictly inside a step's range
 *       (such as {@code 1.0.1-orphan} inside 1.0.0 → 1.1.0), the chain reaches the clean run's data;</li>
 *   <li>crash-and-resume: for each resumable step and crash point (after its first, middle and
 *       last-but-one batches and after the middle one of its writes; or after its first, middle and
 *       last-but-one writes when it walks no batches), a run killed there and resumed by the next
 *       run reaches the clean run's data.</li>
 * </ul>
 *
 * <pre>{@code
 * @MigrationTest
 * class ChainTest {
 *     @TestFactory
 *     Stream<DynamicTest> chainIsSafe() {
 *         return MigrationChecks.forChain(Migrations::chain)
 *             .fromFixtures(Fixture.load("fixtures/1.0.0"), Fixture.load("fixtures/1.1.0"))
 *             .dynamicTests();
 *     }
 * }
 * }</pre>
 *
 * <p>The checks run in the test's own database and bucket, one after the other, each starting
 * from the fixture. They compare data, so handlers must be deterministic: a step that writes the
 * current time or a random id makes the comparisons fail. The clean run of each fixture happens
 * when {@link #dynamicTests()} is called, so the names of the crash tests can say where they crash.
 */
public final class MigrationChecks {

    private final Supplier<SmartMigration.Builder> chain;
    private final List<Fixture> fixtures;
    private final Optional<MigrationHarness> harness;

    private MigrationChecks(Supplier<SmartMigration.Builder> chain, List<Fixture> fixtures,
                            Optional<MigrationHarness> harness) {
        this.chain = chain;
        this.fixtures = List.copyOf(fixtures);
        this.harness = harness;
    }

    /**
     * Checks for the chain {@code chain} supplies: a builder with steps and a target but no backends
     * (called once per check, so it may build a new builder every time).
     */
    public static MigrationChecks forChain(Supplier<SmartMigration.Builder> chain) {
        return new MigrationChecks(Objects.requireNonNull(chain, "chain"), List.of(), Optional.empty());
    }

    /**
     * The data to start from; each fixture gets its own set of checks. Without fixtures the checks
     * start from empty data at the chain's first version.
     */
    public MigrationChecks fromFixtures(Fixture... fixtures) {
        return fromFixtures(Arrays.asList(fixtures));
    }

    public MigrationChecks fromFixtures(List<Fixture> more) {
        List<Fixture> all = new ArrayList<>(fixtures);
        more.forEach(f -> all.add(Objects.requireNonNull(f, "fixture")));
        return new MigrationChecks(chain, all, harness);
    }

    /**
     * The harness to run in; by default the one of the {@link MigrationTest} running on this thread.
     */
    public MigrationChecks using(MigrationHarness harness) {
        return new MigrationChecks(chain, fixtures, Optional.of(harness));
    }

    /** The checks, named after what they check, for a {@code @TestFactory} to return. */
    public Stream<DynamicTest> dynamicTests() {
        MigrationHarness h = harness.or(() -> CurrentTest.harness().map(MigrationHarness.class::cast))
                .orElseThrow(() -> new SmartMigrationException(ErrorCode.INVALID_CONFIG, "MigrationChecks needs a"
                        + " harness: call dynamicTests() inside a @TestFactory of a @MigrationTest class, or pass one"
                        + " with .using(harness)"));
        if (!(h instanceof DefaultMigrationHarness harnessImpl)) {
            throw new SmartMigrationException(ErrorCode.INVALID_CONFIG, "MigrationChecks runs on the harness"
                    + " @MigrationTest injects, not on a " + h.getClass().getName());
        }
        return ChecksPlan.dynamicTests(chain, fixtures, harnessImpl);
    }
}
