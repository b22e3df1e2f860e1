package io.smartmigration.internal.ledger.mongo;

import com.mongodb.client.FindIterable;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.cursor.TimeoutMode;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The driver's client-side operation timeout (MongoDB CSOT: {@code withTimeout}, driver 5.2 and
 * later) on what the library sends for itself: ledger calls, the fresh-data check, and the reads of
 * its batch iterators. The core's Mongo driver dependency is optional and the application brings
 * its own; on a driver older than 5.2 these calls are bounded only by the client's own timeouts,
 * and one WARN says so. The API is marked {@code @Alpha(Reason.CLIENT)} in the 5.x drivers (its
 * shape may still change for client code); it is used here behind this one class.
 */
public final class MongoTimeouts {

    private static final Logger LOG = LoggerFactory.getLogger(MongoTimeouts.class);

    /** Whether the driver on the class path has {@code withTimeout}. */
    public static final boolean SUPPORTED = detect();

    private MongoTimeouts() {
    }

    private static boolean detect() {
        try {
            MongoCollection.class.getMethod("withTimeout", long.class, TimeUnit.class);
            return true;
        } catch (NoSuchMethodException e) {
            LOG.warn("smartmigration: the MongoDB driver on the class path has no client-side operation timeout"
                    + " (MongoCollection.withTimeout, driver 5.2 and later): ledger calls are bounded only by the"
                    + " client's own timeouts (serverSelectionTimeout, socket timeout), so an outage may take longer"
                    + " than a lease to fail. Use mongodb-driver-sync 5.2 or later");
            return false;
        }
    }

    /** {@code collection} whose every operation must end within {@code millis} (at least 1: 0 would mean none). */
    public static <T> MongoCollection<T> bounded(MongoCollection<T> collection, long millis) {
        return SUPPORTED ? collection.withTimeout(Math.max(1, millis), TimeUnit.MILLISECONDS) : collection;
    }

    /** {@code database} whose every operation must end within {@code millis}. */
    public static MongoDatabase bounded(MongoDatabase database, long millis) {
        return SUPPORTED ? database.withTimeout(Math.max(1, millis), TimeUnit.MILLISECONDS) : database;
    }

    /**
     * A cursor of a collection {@link #bounded} whose timeout applies to each batch it fetches (and to
     * closing it), not to its whole life: a walk outlives any one timeout.
     */
    public static <T> FindIterable<T> perBatch(FindIterable<T> find) {
        return SUPPORTED ? find.timeoutMode(TimeoutMode.ITERATION) : find;
    }
}
