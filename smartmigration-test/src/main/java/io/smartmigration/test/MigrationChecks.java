package io.smartmigration.test;

import io.smartmigration.ErrorCode;
import io.smartmigration.SmartMigration;
import io.smartmigration.SmartMigrationException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;

/**
 * Generates the checks every migration chain should pass, as dynamic tests, for each fixture
 * (see the README's "What MigrationChecks generates" for the exact list and names):
 * <ul>
 *   <li>the chain reaches its target from the fixture (the <em>clean run</em>);</li>
 *   <li>a second clean run from the same fixture leaves the same data (determinism);</li>
 *   <li>each step is idempotent: re-run on its own output, it changes nothing;</li>
 *   <li>skip-forward: on data the step partly migrated (crashed after half its writes), with the
 *       ledger stamped at an orphan version strictly inside its range (such as {@code 1.0.1-orphan}
 *       inside 1.0.0 → 1.1.0), the chain reaches the clean run's data;</li>
 *   <li>crash-and-resume, for every step, resumable or not: killed after each of its writes and at
 *       each of its batch boundaries (all of them up to 64 writes; above, those of its first and
 *       middle batches, its last write and a seeded sample), then run again, the chain reaches the
 *       clean run's data.</li>
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
 * <p>The checks run in the test's own database and bucket, one after the other. The clean run of
 * each fixture (and the second one) happens when {@link #dynamicTests()} is called, so the names of
 * the crash tests can say where they crash; it keeps a copy of the data before each step, and each
 * check of a step starts from that copy. They compare data, so handlers must be deterministic: take
 * the time from {@code ctx.clock()} (fixed by the harness) and derive ids from the data, or name the
 * fields you accept as non-deterministic with {@link #ignoringFields}.
 */
public final class MigrationChecks {

    private final Supplier<SmartMigration.Builder> chain;
    private final List<Fixture> fixtures;
    private final Optional<MigrationHarness> harness;
    private final FieldMask ignored;

    private MigrationChecks(Supplier<SmartMigration.Builder> chain, List<Fixture> fixtures,
                            Optional<MigrationHarness> harness, FieldMask ignored) {
        this.chain = chain;
        this.fixtures = List.copyOf(fixtures);
        this.harness = harness;
        this.ignored = ignored;
    }

    /**
     * Checks for the chain {@code chain} supplies: a builder with steps and a target but no backends
     * (called once per check, so it may build a new builder every time).
     */
    public static MigrationChecks forChain(Supplier<SmartMigration.Builder> chain) {
        return new MigrationChecks(Objects.requireNonNull(chain, "chain"), List.of(), Optional.empty(), FieldMask.none());
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
        return new MigrationChecks(chain, all, harness, ignored);
    }

    /**
     * The harness to run in; by default the one of the {@link MigrationTest} running on this thread.
     */
    public MigrationChecks using(MigrationHarness harness) {
        return new MigrationChecks(chain, fixtures, Optional.of(harness), ignored);
    }

    /**
     * Fields of {@code collection} that every comparison leaves out, because you accept that they
     * differ from run to run (a timestamp an external library writes, say). Dotted paths reach into
     * subdocuments and through arrays ({@code "audit.at"}); {@code "_id"} compares the collection's
     * documents without their ids. Prefer deterministic steps: take the time from {@code ctx.clock()}
     * and derive ids from the data.
     *
     * <pre>{@code
     * MigrationChecks.forChain(Migrations::chain)
     *     .fromFixtures(Fixture.load("fixtures/1.0.0"))
     *     .ignoringFields("audit", "_id", "writtenAt")
     *     .dynamicTests();
     * }</pre>
     */
    public MigrationChecks ignoringFields(String collection, String... fields) {
        if (collection == null || collection.isBlank() || fields.length == 0
                || Arrays.stream(fields).anyMatch(f -> f == null || f.isBlank() || f.startsWith(".") || f.endsWith("."))) {
            throw new SmartMigrationException(ErrorCode.INVALID_CONFIG, "ignoringFields(" + collection + ", "
                    + Arrays.toString(fields) + "): name a collection and at least one field path such as \"migratedAt\""
                    + " or \"audit.at\"");
        }
        return new MigrationChecks(chain, fixtures, harness,
                ignored.plus(new FieldMask(Map.of(collection, new java.util.TreeSet<>(Arrays.asList(fields))), Set.of())));
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
        return ChecksPlan.dynamicTests(chain, fixtures, ignored, harnessImpl);
    }
}
