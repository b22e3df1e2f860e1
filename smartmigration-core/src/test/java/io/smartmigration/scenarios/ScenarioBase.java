package io.smartmigration.scenarios;

import io.smartmigration.HistoryEntry;
import io.smartmigration.MigrationStep;
import io.smartmigration.SmartMigration;
import io.smartmigration.StepHandler;
import io.smartmigration.InternalLedgers;
import io.smartmigration.internal.ledger.HistoryCodec;
import io.smartmigration.internal.ledger.Ledger;
import io.smartmigration.internal.ledger.LedgerState;
import io.smartmigration.support.TestSteps;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * What the shared ledger scenarios stand on: one backend per class, a fresh namespace per test,
 * a four-step chain whose handlers count their runs, and direct access to the ledger.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(60)
public abstract class ScenarioBase {

    /** s1: 1.0.0 -> 1.1.0, s2: 1.1.0 -> 1.2.0, s3: 1.2.0 -> 1.3.0, s4: 1.3.0 -> 2.0.0 */
    protected static final List<String> VERSIONS = List.of("1.0.0", "1.1.0", "1.2.0", "1.3.0", "2.0.0");
    protected static final String TARGET = "2.0.0";

    protected TestBackend backend;
    protected final Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();

    /** The backend these scenarios run on. */
    protected abstract TestBackend createBackend();

    @BeforeAll
    void startBackend() {
        backend = createBackend();
    }

    @AfterAll
    void stopBackend() {
        backend.close();
    }

    @BeforeEach
    void freshNamespace() {
        backend.newNamespace();
        runs.clear();
    }

    /** A builder on this test's backend with short lock timings. */
    protected SmartMigration.Builder builder() {
        return backend.configure(SmartMigration.builder().targetVersion(TARGET)
                .lockWait(Duration.ofSeconds(20)).lockTtl(Duration.ofSeconds(30)));
    }

    /** The four-step chain; each handler counts its runs and then does {@code extra}. */
    protected SmartMigration.Builder fourSteps(StepHandler extra) {
        SmartMigration.Builder builder = builder();
        for (int i = 0; i < 4; i++) {
            String id = "s" + (i + 1);
            builder.step(id).from(VERSIONS.get(i)).to(VERSIONS.get(i + 1)).up(ctx -> {
                runs.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
                extra.up(ctx);
            });
        }
        return builder;
    }

    protected SmartMigration.Builder fourSteps() {
        return fourSteps(ctx -> { });
    }

    protected int runsOf(String stepId) {
        AtomicInteger count = runs.get(stepId);
        return count == null ? 0 : count.get();
    }

    protected static Ledger ledgerOf(SmartMigration migration) {
        return InternalLedgers.of(migration);
    }

    /** Sets the ledger's version directly, as an older release (or an operator) would have left it. */
    protected void stamp(String version) {
        Ledger ledger = ledgerOf(builder().build());
        ledger.stamp(version, HistoryCodec.stamped("<test>", Optional.empty(), version, "test", Instant.now()),
                Instant.now());
    }

    protected Optional<LedgerState> ledgerState() {
        return ledgerOf(builder().build()).read();
    }

    protected List<HistoryEntry> history() {
        return builder().build().history();
    }

    /** A step written as a class, for scenarios that build chains by hand. */
    protected static MigrationStep step(String id, String from, String to, boolean resumable, StepHandler handler) {
        return TestSteps.step(id, from, to, resumable, handler);
    }
}
