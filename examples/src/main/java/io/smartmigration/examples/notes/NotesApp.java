package io.smartmigration.examples.notes;

import java.util.Objects;
import static com.mongodb.client.model.Filters.eq;

import com.mongodb.client.MongoDatabase;
import io.smartmigration.MigrationResult;
import io.smartmigration.SmartMigrationException;
import io.smartmigration.examples.notes.migrations.AttachmentKeys;
import io.smartmigration.examples.notes.migrations.NotesMigrations;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The notes service's startup: open the backends, migrate the data to the version this release
 * works with, then serve. (This demo stops where a real service would start serving requests.)
 *
 * <pre>
 * java -jar examples/target/notes-app.jar            # first start: seeds 1.0.0 demo data, migrates to 2.0.0
 * java -jar examples/target/notes-app.jar            # next starts: nothing to do
 * java -jar examples/target/notes-app.jar --reset    # clears the embedded data, then starts as the first time
 * </pre>
 *
 * <p>Configuration by environment: {@code MONGODB_URI}, {@code S3_ENDPOINT}, {@code S3_BUCKET},
 * {@code AWS_REGION} and the usual AWS credential variables; where they are absent the data
 * lives in embedded servers under {@code ./.smartmigration-data} (or {@code NOTES_DATA_DIR}).
 */
public final class NotesApp {

    private static final Logger LOG = LoggerFactory.getLogger("notes-app");
    private static final String USAGE = "usage: java -jar notes-app.jar [--reset]\n"
            + "  --reset  delete the embedded data folder first (default ./.smartmigration-data, or NOTES_DATA_DIR)\n"
            + "environment: MONGODB_URI, S3_ENDPOINT, S3_BUCKET, AWS_REGION, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY;"
            + " where absent, embedded servers keep the data in the data folder";

    private NotesApp() {
    }

    public static void main(String[] args) {
        int status;
        try {
            status = run(List.of(args), System.getenv());
        } catch (SmartMigrationException e) {
            LOG.error("startup aborted: {}", e.getMessage());
            status = 1;
        } catch (RuntimeException e) {
            LOG.error("startup failed", e);
            status = 1;
        }
        System.exit(status);
    }

    /** The whole startup; returns the process exit status. */
    static int run(List<String> args, Map<String, String> env) {
        if (args.contains("--help") || args.contains("-h")) {
            System.out.println(USAGE);
            return 0;
        }
        List<String> unknown = args.stream().filter(a -> !a.equals("--reset")).toList();
        if (!unknown.isEmpty()) {
            System.err.println("unknown argument(s) " + unknown + "\n" + USAGE);
            return 2;
        }
        Path dataDir = Path.of(env.getOrDefault("NOTES_DATA_DIR", ".smartmigration-data"));
        if (args.contains("--reset")) {
            reset(dataDir);
        }
        try (Backends backends = Backends.open(env, dataDir)) {
            LOG.info("data: {}", backends.describe());
            MongoDatabase db = backends.mongo().getDatabase(backends.database());
            if (DemoData.isEmpty(db, backends.s3(), backends.bucket())) {
                DemoData.Counts seeded = DemoData.seed(db);
                LOG.info("first start: seeded the demo data of release 1.0.0: {} tenants, {} users, {} notes with {}"
                        + " inline attachments", seeded.tenants(), seeded.users(), seeded.notes(), seeded.attachments());
            }

            MigrationResult result = NotesMigrations.chain()
                    .mongo(backends.mongo(), backends.database())
                    .s3(backends.s3(), backends.bucket())
                    .build()
                    .run();

            LOG.info("ready: data at {}; {}", Objects.requireNonNullElse(result.currentVersionAfter(), "(none)"), summary(backends, db));
            return 0;
        }
    }

    private static String summary(Backends backends, MongoDatabase db) {
        long users = db.getCollection("users").countDocuments();
        long notes = db.getCollection("notes").countDocuments();
        long active = db.getCollection("notes").countDocuments(eq("status", "active"));
        long objects = backends.s3().listObjectsV2Paginator(list -> list.bucket(backends.bucket())
                .prefix(AttachmentKeys.BY_TENANT_PREFIX)).contents().stream().count();
        return users + " users, " + notes + " notes (" + active + " active), " + objects + " attachments under s3://"
                + backends.bucket() + "/" + AttachmentKeys.BY_TENANT_PREFIX;
    }

    private static void reset(Path dataDir) {
        if (!Files.exists(dataDir)) {
            LOG.info("--reset: {} does not exist, nothing to clear", dataDir);
            return;
        }
        try (Stream<Path> paths = Files.walk(dataDir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dataDir + ": " + e.getMessage(), e);
        }
        LOG.info("--reset: deleted {} (embedded MongoDB and S3 data; MONGODB_URI / S3_* data is never touched)",
                dataDir);
    }
}
