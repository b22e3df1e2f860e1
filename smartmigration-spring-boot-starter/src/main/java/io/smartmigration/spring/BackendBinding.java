package io.smartmigration.spring;

import io.smartmigration.SmartMigration;
import java.util.Optional;

/**
 * Binds one backend found in the context (a MongoClient, an S3Client) to the builder. One bean per
 * backend whose classes are on the class path, so that the auto-configuration never loads a
 * driver class the application does not have.
 */
@FunctionalInterface
interface BackendBinding {

    /** What was bound; empty when the context has no such backend. */
    Optional<Bound> bind(SmartMigration.Builder builder);

    enum Kind { MONGO, S3 }

    /** A backend that was bound, described for the startup log line. */
    record Bound(Kind kind, String description) {
    }
}
