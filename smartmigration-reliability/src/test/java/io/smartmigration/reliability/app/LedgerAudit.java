package io.smartmigration.reliability.app;

import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.bson.BsonDocument;

/**
 * Checks, in an app instance, every command its client sends for the library itself (the ledger
 * collection, and the fresh-data check's {@code listCollections}): writes must carry
 * {@code {w: "majority", j: true}}, reads read concern majority, none a read preference other than
 * primary, all a client-side time limit ({@code maxTimeMS}), whatever the client's own defaults.
 * mongo-java-server ignores concerns, so they are checked as sent. The instance prints
 * {@code SMR AUDIT ledgerCommands=N violations=M first=...} before it exits.
 */
final class LedgerAudit implements CommandListener {

    private static final String LEDGER = "smartmigration_ledger";
    private static final Set<String> WRITES = Set.of("update", "findAndModify", "insert", "delete");
    private static final BsonDocument MAJORITY_JOURNALED = BsonDocument.parse("{w: 'majority', j: true}");
    private static final BsonDocument MAJORITY_READ = BsonDocument.parse("{level: 'majority'}");

    private final AtomicInteger checked = new AtomicInteger();
    private final List<String> violations = new CopyOnWriteArrayList<>();

    @Override
    public void commandStarted(CommandStartedEvent event) {
        String name = event.getCommandName();
        BsonDocument command = event.getCommand();
        boolean ledger = command.isString(name) && command.getString(name).getValue().equals(LEDGER);
        if (!ledger && !name.equals("listCollections")) {
            return;
        }
        checked.incrementAndGet();
        if (WRITES.contains(name) && !MAJORITY_JOURNALED.equals(command.getDocument("writeConcern", null))) {
            violations.add(name + " without majority+journal: " + command.get("writeConcern"));
        }
        if (name.equals("find") && !MAJORITY_READ.equals(command.getDocument("readConcern", null))) {
            violations.add("find without read concern majority: " + command.get("readConcern"));
        }
        if (command.containsKey("$readPreference")
                && !command.getDocument("$readPreference").getString("mode").getValue().equals("primary")) {
            violations.add(name + " with read preference " + command.get("$readPreference"));
        }
        if (!command.containsKey("maxTimeMS")) {
            violations.add(name + " without a client-side time limit (maxTimeMS)");
        }
    }

    String summary() {
        return "AUDIT ledgerCommands=" + checked.get() + " violations=" + violations.size()
                + " first=" + (violations.isEmpty() ? "-" : violations.get(0).replace(' ', '_'));
    }
}
