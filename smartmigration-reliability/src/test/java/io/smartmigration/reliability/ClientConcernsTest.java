package io.smartmigration.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.model.Filters;
import io.smartmigration.reliability.app.Progress;
import io.smartmigration.reliability.support.ChildProcess;
import io.smartmigration.reliability.support.ChildResult;
import io.smartmigration.reliability.support.MongoLedgerDoc;
import io.smartmigration.reliability.support.Report;
import io.smartmigration.reliability.support.Scale;
import io.smartmigration.reliability.support.SharedMongoWithChildren;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Application clients that are not replica-set safe for a ledger: three app JVMs released at once
 * on one ledger, one whose client writes at w:1 and reads {@code secondaryPreferred} with read
 * concern {@code local}, one at w:0 (unacknowledged), one reading {@code secondaryPreferred}. Each
 * child checks every command its client sends for the ledger (and the fresh-data check) as sent
 * ({@code SMR AUDIT}, see {@code LedgerAudit}): majority write concern with journaling, majority read
 * concern, no read preference but primary, a client-side time limit. The chain must migrate exactly
 * once. Rounds: 3 by default, 10 in a full run.
 */
@DisplayName("App clients at w:1, w:0 and secondaryPreferred: the ledger's concerns do not follow them")
class ClientConcernsTest extends SharedMongoWithChildren {

    private static final List<List<String>> CLIENTS = List.of(
            List.of("writeConcern=w1", "readPreference=secondaryPreferred", "readConcern=local"),
            List.of("writeConcern=w0"),
            List.of("readPreference=secondaryPreferred"));
    private static final List<String> STEPS = List.of("s1", "s2", "s3");

    @Test
    @Timeout(value = 20, unit = TimeUnit.MINUTES)
    @DisplayName("GIVEN three JVMs whose clients run at w:1/secondaryPreferred/local, w:0 and secondaryPreferred,"
            + " released at once WHEN they boot THEN every ledger command carried majority+journal, read concern"
            + " majority and primary reads, each step ran once, and all exit 0 at 2.0.0")
    void ledgerConcernsWhateverTheClient() {
        int rounds = Scale.pick(3, 10);
        List<String> violations = new ArrayList<>();
        int ledgerCommands = 0;
        long started = System.nanoTime();
        for (int round = 1; round <= rounds; round++) {
            String db = "concerns_" + round;
            List<ChildProcess> instances = new ArrayList<>();
            for (int i = 0; i < CLIENTS.size(); i++) {
                List<String> args = new ArrayList<>(List.of("chain=markers", "mongo=" + mongo.connectionString(),
                        "db=" + db, "instance=round" + round + "-client" + i, "barrier=true", "lockTtlMs=20000",
                        "audit=true"));
                args.addAll(CLIENTS.get(i));
                instances.add(children.start("round" + round + "-client" + i, args));
            }
            instances.forEach(instance -> instance.awaitProtocol("READY", Duration.ofSeconds(90)));
            instances.forEach(instance -> instance.send("GO"));
            List<ChildResult> results = new ArrayList<>();
            for (ChildProcess instance : instances) {
                results.add(instance.awaitExit(Duration.ofSeconds(90)));
            }
            children.close();
            for (int i = 0; i < results.size(); i++) {
                ChildResult result = results.get(i);
                String client = String.join(" ", CLIENTS.get(i));
                if (!result.succeeded() || !result.after().equals(Optional.of("2.0.0"))) {
                    violations.add("round " + round + " (" + client + "): " + result + "\n" + result.tail());
                }
                Optional<String> audit = result.output().stream().filter(l -> l.startsWith(Progress.PREFIX + "AUDIT "))
                        .findFirst();
                int commands = audit.flatMap(l -> ChildResult.field(l, "ledgerCommands")).map(Integer::parseInt).orElse(0);
                int wrong = audit.flatMap(l -> ChildResult.field(l, "violations")).map(Integer::parseInt).orElse(-1);
                ledgerCommands += commands;
                if (commands == 0 || wrong != 0) {
                    violations.add("round " + round + " (" + client + "): " + audit.orElse("no AUDIT line"));
                }
            }
            long appliers = results.stream().filter(r -> !r.appliedSteps().isEmpty()).count();
            if (appliers != 1) {
                violations.add("round " + round + ": " + appliers + " instances applied steps: " + results);
            }
            for (String step : STEPS) {
                long runs = client.getDatabase(db).getCollection("markers").countDocuments(Filters.eq("step", step));
                if (runs != 1) {
                    violations.add("round " + round + ": step " + step + " ran " + runs + " times");
                }
            }
            int r = round;
            new MongoLedgerDoc(client, db).unlessSettledAt("2.0.0", List.of("s1:APPLIED", "s2:APPLIED", "s3:APPLIED"))
                    .ifPresent(ledger -> violations.add("round " + r + ": " + ledger));
        }
        Report.row("app clients at w:1/secondaryPreferred/local, w:0, secondaryPreferred (3 JVMs at once)", rounds,
                violations, (System.nanoTime() - started) / 1_000_000, ledgerCommands
                        + " ledger commands checked as sent, each with majority+journal / majority reads / primary / maxTimeMS");
        assertThat(violations).isEmpty();
    }
}
