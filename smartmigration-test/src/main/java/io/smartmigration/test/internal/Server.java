package io.smartmigration.test.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running server of a test run with its shared client, closed when the run ends.
 *
 * @param description what and where, with versions, for the log: "embedded mongo-java-server 1.47.0 at mongodb://..."
 */
public record Server<C>(ServerKind kind, String description, C client, AutoCloseable resources) implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Server.class);

    @Override
    public void close() {
        try {
            resources.close();
        } catch (Exception e) {
            LOG.warn("smartmigration-test: could not stop {}: {}", description, e.toString());
        }
    }

    /** Closes each of {@code closeables} in order, all of them even when one fails. */
    public static AutoCloseable all(AutoCloseable... closeables) {
        return () -> {
            Exception first = null;
            for (AutoCloseable c : closeables) {
                try {
                    if (c != null) {
                        c.close();
                    }
                } catch (Exception e) {
                    if (first == null) {
                        first = e;
                    } else {
                        first.addSuppressed(e);
                    }
                }
            }
            if (first != null) {
                throw first;
            }
        };
    }
}
