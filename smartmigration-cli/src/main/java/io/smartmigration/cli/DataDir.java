package io.smartmigration.cli;

import com.mongodb.client.MongoClient;
import io.smartmigration.ErrorCode;
import io.smartmigration.SmartMigrationException;
import io.smartmigration.embedded.EmbeddedMongo;
import io.smartmigration.embedded.EmbeddedServers;
import io.smartmigration.MigrationLedger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code --data-dir}: the ledger in an embedded data folder (what {@code EmbeddedServers.persistent(dir)}
 * and the example app keep in {@code .smartmigration-data}), served read-only by an embedded MongoDB
 * of the CLI's own on its {@value EmbeddedServers#MONGO_FILE} file. The application must be stopped:
 * its embedded servers hold the folder while they run.
 */
final class DataDir {

    private DataDir() {
    }

    static LedgerConnection open(Path dir, LedgerOptions args, String instanceId) throws UsageException {
        Path file = dir.resolve(EmbeddedServers.MONGO_FILE);
        if (!Files.isRegularFile(file)) {
            throw new UsageException("--data-dir " + dir + " holds no embedded MongoDB data (" + file + " is missing):"
                    + " pass the folder the application keeps its embedded data in, e.g. .smartmigration-data");
        }
        EmbeddedMongo server;
        try {
            server = EmbeddedMongo.builder().persistent(file).readOnly().build();
        } catch (IllegalStateException e) {
            throw new SmartMigrationException(ErrorCode.LEDGER_UNAVAILABLE, "could not open " + file + " read-only: "
                    + e.getMessage() + ". Is the application still running? Its embedded servers hold the data folder"
                    + " while it runs: stop it first", e);
        }
        MongoClient client = null;
        try {
            client = server.newClient();
            String database = args.database().isPresent() ? args.database().get() : onlyLedgerDatabase(client, dir);
            return LedgerConnection.served(client, MigrationLedger.mongo(client, database).name(args.ledgerName)
                    .instanceId(instanceId).build(), server);
        } catch (UsageException | RuntimeException e) {
            if (client != null) {
                client.close();
            }
            server.close();
            throw e;
        }
    }

    /** The database holding a ledger collection, when there is exactly one. */
    private static String onlyLedgerDatabase(MongoClient client, Path dir) throws UsageException {
        List<String> withLedger = new ArrayList<>();
        for (String name : client.listDatabaseNames()) {
            if (client.getDatabase(name).listCollectionNames().into(new ArrayList<>()).contains("smartmigration_ledger")) {
                withLedger.add(name);
            }
        }
        if (withLedger.size() != 1) {
            throw new UsageException(withLedger.isEmpty()
                    ? "no database in " + dir + " holds a smartmigration ledger (collection smartmigration_ledger)"
                    : "several databases in " + dir + " hold a ledger: pass --database, one of " + withLedger);
        }
        return withLedger.get(0);
    }
}
