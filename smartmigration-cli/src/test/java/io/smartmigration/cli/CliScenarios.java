package io.smartmigration.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smartmigration.HistoryStatus;
import io.smartmigration.LedgerContents;
import io.smartmigration.MigrationLedger;
import io.smartmigration.SmartMigration;
import io.smartmigration.spi.SimulatedProcessDeath;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * The CLI's commands against a real ledger prepared with the library; run once per backend by
 * subclasses. The CLI runs in this JVM here; {@code CliProcessTest} runs it as a process.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(60)
abstract class CliScenarios {

    protected LedgerFixture fixture;

    protected abstract LedgerFixture createFixture();

    @BeforeAll
    void start() {
        fixture = createFixture();
    }

    @AfterAll
    void stop() {
        fixture.close();
    }

    @BeforeEach
    void freshNamespace() {
        fixture.newNamespace();
    }

    /** A two-step chain a to b (1.0.0 -> 1.1.0 -> 1.2.0) on this test's ledger. */
    private SmartMigration.Builder chain() {
        return fixture.configure(SmartMigration.builder().targetVersion("1.2.0").instanceId("app-1"))
                .step("a").from("1.0.0").to("1.1.0").up(ctx -> { })
                .step("b").from("1.1.0").to("1.2.0").up(ctx -> { });
    }

    private MigrationLedger ledger() {
        return chain().build().ledger();
    }

    private Optional<LedgerContents> ledgerState() {
        return ledger().read();
    }

    /** Leaves the lock held by {@code owner}, as an instance killed in a step leaves it; returns its host. */
    private String holdLock(String owner, Duration lease) {
        String from = ledgerState().flatMap(LedgerContents::currentVersion).orElse("1.0.0");
        SmartMigration killed = fixture.configure(SmartMigration.builder().targetVersion("9.0.0").instanceId(owner)
                        .lockTtl(lease))
                .step("killed").from(from).to("9.0.0").up(ctx -> {
                    throw new SimulatedProcessDeath("killed while holding the lock");
                }).build();
        assertThatThrownBy(killed::run).isInstanceOf(SimulatedProcessDeath.class);
        return ledgerState().orElseThrow().lock().orElseThrow().host();
    }

    protected CliResult cli(String command, String... extra) {
        List<String> args = new ArrayList<>();
        args.add(command);
        args.addAll(List.of(extra));
        args.addAll(fixture.ledgerOptions());
        return CliResult.inProcess(args, fixture.env());
    }

    @Test
    @DisplayName("status shows the data version, a free lock, no checkpoint and the last entry")
    void statusText() {
        chain().build().run();

        CliResult result = cli("status");

        assertThat(result.exit()).as(result.toString()).isZero();
        assertThat(result.out()).contains("data version: 1.2.0", "lock:         free", "checkpoint:   none",
                "history:      2 entries; last: b 1.1.0 -> 1.2.0 APPLIED", "by app-1");
    }

    @Test
    @DisplayName("status --json gives the same facts as one JSON object")
    void statusJson() {
        chain().build().run();

        CliResult result = cli("status", "--json");

        assertThat(result.exit()).as(result.toString()).isZero();
        Document json = result.json();
        assertThat(json.getBoolean("exists")).isTrue();
        assertThat(json.getString("currentVersion")).isEqualTo("1.2.0");
        assertThat(json.get("lock")).isNull();
        assertThat(json.getInteger("historySize")).isEqualTo(2);
        assertThat(json.get("lastEntry", Document.class).getString("stepId")).isEqualTo("b");
    }

    @Test
    @DisplayName("status names the lock holder, its host and its lease expiry")
    void statusShowsLock() {
        chain().build().run();
        String host = holdLock("worker-9", Duration.ofMinutes(10));

        CliResult text = cli("status");
        Document json = cli("status", "--json").json().get("lock", Document.class);

        assertThat(text.out()).contains("lock:         held by 'worker-9' on host " + host, "(live)");
        assertThat(json.getString("owner")).isEqualTo("worker-9");
        assertThat(json.getBoolean("expired")).isFalse();
        assertThat(Instant.parse(json.getString("expiresAt"))).isAfter(Instant.now().plus(Duration.ofMinutes(9)));
    }

    @Test
    @DisplayName("status of a ledger that was never written exits 4 and says so")
    void statusMissingLedger() {
        CliResult text = cli("status");
        CliResult json = cli("status", "--json");

        assertThat(text.exit()).isEqualTo(ExitCodes.NO_LEDGER);
        assertThat(text.err()).contains("does not exist", "--ledger-name");
        assertThat(json.exit()).isEqualTo(ExitCodes.NO_LEDGER);
        assertThat(json.json().getBoolean("exists")).isFalse();
    }

    @Test
    @DisplayName("history lists every entry oldest first, with a failed step's error")
    void historyText() {
        SmartMigration failing = fixture.configure(SmartMigration.builder().targetVersion("1.2.0").instanceId("app-1"))
                .step("a").from("1.0.0").to("1.1.0").up(ctx -> { })
                .step("b").from("1.1.0").to("1.2.0").up(ctx -> {
                    throw new IllegalStateException("disk full");
                }).build();
        assertThatThrownBy(failing::run).isInstanceOfSatisfying(io.smartmigration.SmartMigrationException.class,
                e -> assertThat(e.code()).isEqualTo(io.smartmigration.ErrorCode.STEP_FAILED));

        CliResult result = cli("history");

        assertThat(result.exit()).as(result.toString()).isZero();
        List<String> lines = result.out().lines().toList();
        assertThat(lines.get(1)).startsWith("#").contains("STEP", "STATUS", "DURATION");
        assertThat(lines.get(2)).startsWith("1").contains("a", "1.0.0", "1.1.0", "APPLIED", "app-1");
        assertThat(lines.get(3)).startsWith("2").contains("b", "FAILED");
        assertThat(result.out()).contains("#2 error: java.lang.IllegalStateException: disk full");
    }

    @Test
    @DisplayName("history --json lists the entries with every field, checksum included")
    void historyJson() {
        chain().build().run();

        List<Document> history = cli("history", "--json").json().getList("history", Document.class);

        assertThat(history).extracting(d -> d.getString("stepId")).containsExactly("a", "b");
        assertThat(history.get(0).keySet()).containsExactly("stepId", "from", "to", "status", "skipForward",
                "startedAt", "finishedAt", "durationMs", "owner", "error", "checksum", "output");
        assertThat(history.get(0).getString("status")).isEqualTo("APPLIED");
    }

    @Test
    @DisplayName("unlock removes a held lock and names its holder; the ledger's lock is free after it")
    void unlock() {
        chain().build().run();
        String host = holdLock("stuck-worker", Duration.ofMinutes(30));

        CliResult result = cli("unlock");

        assertThat(result.exit()).as(result.toString()).isZero();
        assertThat(result.out()).contains("removed the lock of 'stuck-worker' on host " + host, "still live");
        assertThat(ledgerState().orElseThrow().lock()).isEmpty();
    }

    @Test
    @DisplayName("unlock without a lock exits 0 and changes nothing")
    void unlockWithoutLock() {
        chain().build().run();
        LedgerContents before = ledgerState().orElseThrow();

        CliResult result = cli("unlock", "--json");

        assertThat(result.exit()).as(result.toString()).isZero();
        assertThat(result.json().get("removed")).isNull();
        assertThat(ledgerState()).contains(before);
    }

    @Test
    @DisplayName("baseline on a fresh ledger sets the version; the application then runs only the later steps")
    void baselineFresh() {
        CliResult result = cli("baseline", "1.1.0");
        var run = chain().build().run();

        assertThat(result.exit()).as(result.toString()).isZero();
        assertThat(result.out()).contains("baselined the", "at 1.1.0");
        assertThat(run.currentVersionBefore()).contains("1.1.0");
        assertThat(run.stepsApplied()).extracting(s -> s.id()).containsExactly("b");
        assertThat(ledgerState().orElseThrow().history().get(0)).satisfies(e -> {
            assertThat(e.stepId()).isEqualTo("<baseline>");
            assertThat(e.status()).isEqualTo(HistoryStatus.STAMPED);
            assertThat(e.owner()).startsWith("smartmigration-cli@");
        });
    }

    @Test
    @DisplayName("baseline over existing history exits 3 and changes nothing; --force overwrites the version")
    void baselineOverHistory() {
        chain().targetVersion("1.1.0").build().run();
        LedgerContents before = ledgerState().orElseThrow();

        CliResult refused = cli("baseline", "1.2.0");
        Optional<LedgerContents> afterRefusal = ledgerState();
        CliResult forced = cli("baseline", "1.2.0", "--force", "--json");

        assertThat(refused.exit()).as(refused.toString()).isEqualTo(ExitCodes.REFUSED);
        assertThat(refused.err()).contains("BASELINE_REFUSED", "--force");
        assertThat(afterRefusal).contains(before);
        assertThat(forced.exit()).as(forced.toString()).isZero();
        assertThat(forced.json().get("baseline", Document.class).getString("from")).isEqualTo("1.1.0");
        assertThat(ledgerState().orElseThrow().currentVersion()).contains("1.2.0");
    }

    @Test
    @DisplayName("baseline while another instance holds the lock exits 3, even with --force")
    void baselineWhileLocked() {
        holdLock("migrating", Duration.ofMinutes(5));

        CliResult result = cli("baseline", "1.1.0", "--force");

        assertThat(result.exit()).as(result.toString()).isEqualTo(ExitCodes.REFUSED);
        assertThat(result.err()).contains("migrating");
        assertThat(ledgerState().orElseThrow().currentVersion()).isEmpty();
    }

    @Test
    @DisplayName("a corrupt ledger exits 2 with LEDGER_CORRUPT, and --json reports the error as JSON")
    void corruptLedger() {
        fixture.writeCorruptLedger();

        CliResult text = cli("status");
        CliResult json = cli("history", "--json");

        assertThat(text.exit()).isEqualTo(ExitCodes.LEDGER_PROBLEM);
        assertThat(text.err()).contains("LEDGER_CORRUPT");
        assertThat(json.exit()).isEqualTo(ExitCodes.LEDGER_PROBLEM);
        assertThat(json.json().get("error", Document.class).getString("code")).isEqualTo("LEDGER_CORRUPT");
    }

    @Test
    @DisplayName("unlock on a corrupt ledger exits 2 with LEDGER_CORRUPT and changes nothing, its lock included")
    void unlockCorruptLedger() {
        fixture.writeCorruptLedger();
        String before = fixture.rawLedger();

        CliResult result = cli("unlock");

        assertThat(result.exit()).as(result.toString()).isEqualTo(ExitCodes.LEDGER_PROBLEM);
        assertThat(result.err()).contains("LEDGER_CORRUPT");
        assertThat(fixture.rawLedger()).isEqualTo(before);
    }

    @Test
    @DisplayName("a server that does not answer exits 2 with LEDGER_UNAVAILABLE")
    void unreachable() {
        List<String> args = new ArrayList<>(List.of("status"));
        args.addAll(fixture.unreachableOptions());

        CliResult result = CliResult.inProcess(args, fixture.env());

        assertThat(result.exit()).as(result.toString()).isEqualTo(ExitCodes.LEDGER_PROBLEM);
        assertThat(result.err()).contains("LEDGER_UNAVAILABLE").doesNotContain("ledger of the")
                .doesNotContain("write");
    }

    @Test
    @DisplayName("--ledger-name selects another ledger in the same place")
    void ledgerName() {
        fixture.configure(SmartMigration.builder().targetVersion("1.1.0").ledgerName("billing"))
                .step("x").from("1.0.0").to("1.1.0").up(ctx -> { }).build().run();

        CliResult named = cli("status", "--ledger-name", "billing", "--json");
        CliResult other = cli("status");

        assertThat(named.json().getString("currentVersion")).isEqualTo("1.1.0");
        assertThat(other.exit()).isEqualTo(ExitCodes.NO_LEDGER);
    }

    @Test
    @DisplayName("history shows each step's own output under its entry, and --json has it as a field")
    void historyShowsOutput() {
        fixture.configure(SmartMigration.builder().targetVersion("1.2.0").instanceId("app-1"))
                .step("a").from("1.0.0").to("1.1.0").up(ctx -> ctx.output("moved 32 attachment(s)\nof 21 note(s)"))
                .step("b").from("1.1.0").to("1.2.0").up(ctx -> { })
                .build().run();

        CliResult text = cli("history");
        Document json = cli("history", "--json").json();

        assertThat(text.exit()).as(text.toString()).isZero();
        assertThat(text.out()).contains("  #1 output: moved 32 attachment(s)\n      of 21 note(s)\n")
                .doesNotContain("#2 output");
        List<Document> entries = json.getList("history", Document.class);
        assertThat(entries.get(0).getString("output")).isEqualTo("moved 32 attachment(s)\nof 21 note(s)");
        assertThat(entries.get(1).containsKey("output")).isTrue();
        assertThat(entries.get(1).get("output")).isNull();
    }
}
