package io.smartmigration.internal.runner;

import io.smartmigration.internal.MigrationConfig;

/**
 * Names the backend a driver exception came from, for failure messages: a driver does not always
 * say where it was talking to (a dropped connection is just "Prematurely reached end of stream").
 * Only touches a driver's classes when the failure came from that driver, so a Mongo-only or
 * S3-only application never loads the other one.
 */
final class BackendLocation {

    private BackendLocation() {
    }

    /** " (MongoDB at [host:port], database appdb)" or " (S3 bucket b at endpoint)", or "" when the cause is not a driver's. */
    static String of(Throwable cause, MigrationConfig config) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            String type = t.getClass().getName();
            if (type.startsWith("com.mongodb.") && config.hasMongo()) {
                return " (MongoDB at " + mongoHosts(config) + ", database " + config.databaseName() + ")";
            }
            if (type.startsWith("software.amazon.awssdk.") && config.hasS3()) {
                return " (S3 bucket " + config.bucket() + s3Endpoint(config) + ")";
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return "";
    }

    static String mongoHosts(MigrationConfig config) {
        try {
            return config.mongoClient().getClusterDescription().getClusterSettings().getHosts().toString();
        } catch (RuntimeException e) {
            return "(unknown address)";
        }
    }

    private static String s3Endpoint(MigrationConfig config) {
        try {
            return config.s3Client().serviceClientConfiguration().endpointOverride().map(uri -> " at " + uri)
                    .orElse(" in " + config.s3Client().serviceClientConfiguration().region());
        } catch (RuntimeException e) {
            return "";
        }
    }
}
