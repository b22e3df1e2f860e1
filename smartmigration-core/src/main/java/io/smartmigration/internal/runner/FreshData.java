package io.smartmigration.internal.runner;

import io.smartmigration.ErrorCode;
import io.smartmigration.SmartMigrationException;
import io.smartmigration.internal.LogText;
import io.smartmigration.internal.MigrationConfig;
import io.smartmigration.internal.ledger.CallBudgets;
import io.smartmigration.internal.ledger.Deadline;
import io.smartmigration.internal.ledger.mongo.MongoLedger;
import io.smartmigration.internal.ledger.mongo.MongoTimeouts;
import io.smartmigration.internal.ledger.s3.S3Ledger;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;

/**
 * Whether the configured backends hold no application data yet: no collection in the database
 * but the ledger's (and empty ones that only hold declared indexes), and no object in the bucket
 * outside {@code .smartmigration/}.
 *
 * <p>These requests are the library's own, like the ledger's: the collections are listed from the
 * primary (a secondary may lag behind a collection just created) with the ledger's concerns, and both
 * checks are bounded by lockTtl whatever the application's client timeouts are.
 */
final class FreshData {


    private FreshData() {
    }

    static boolean isFresh(MigrationConfig config) {
        return (!config.hasMongo() || Mongo.isFresh(config)) && (!config.hasS3() || bucketIsFresh(config));
    }

    /** Apart, so that only an application that uses Mongo loads the Mongo driver's exception classes. */
    private static final class Mongo {
        static boolean isFresh(MigrationConfig config) {
            Deadline deadline = new CallBudgets(config.lockTtl()).open();
            try {
                var database = MongoTimeouts.bounded(MongoLedger.database(config.mongoClient(), config.databaseName()),
                        deadline.remainingMillis());
                java.util.Set<String> indexed = new java.util.HashSet<>();
                config.indexes().forEach(index -> indexed.add(index.collection()));
                for (String name : database.listCollectionNames()) {
                    if (name.equals(MongoLedger.COLLECTION) || name.startsWith("system.")) {
                        continue;
                    }
                    // a declared index creates its collection before any step: while empty, it holds no data
                    if (!indexed.contains(name) || database.getCollection(name).find().limit(1).first() != null) {
                        return false;
                    }
                }
                return true;
            } catch (RuntimeException e) {
                // MongoException, or a closed client's IllegalStateException: never a raw driver exception
                throw new SmartMigrationException(ErrorCode.LEDGER_UNAVAILABLE, "could not list the collections of database '"
                        + config.databaseName() + "' at " + BackendLocation.mongoHosts(config)
                        + " to check whether it holds data yet (freshInstallVersion)"
                        + (deadline.passed() ? " within " + config.lockTtl().toMillis() + " ms (lockTtl)" : "") + ": "
                        + e.getClass().getSimpleName() + ": " + LogText.cut(e.getMessage())
                        + ". Check that MongoDB is reachable and that the user may list collections", e);
            }
        }
    }



    private static boolean bucketIsFresh(MigrationConfig config) {
        try {
            return bucketHoldsOnlyLedger(config);
        } catch (NoSuchBucketException e) {
            throw new SmartMigrationException(ErrorCode.INVALID_CONFIG, "the bucket '" + config.bucket()
                    + "' does not exist: create it, or pass an existing bucket with .s3(s3Client, \"bucket\")", e);
        } catch (RuntimeException e) {
            // SdkException, or a closed client's IllegalStateException: never a raw SDK exception
            throw new SmartMigrationException(ErrorCode.LEDGER_UNAVAILABLE, "could not list bucket '" + config.bucket()
                    + "' to check whether it holds data yet (freshInstallVersion): " + e.getClass().getSimpleName()
                    + ": " + LogText.cut(e.getMessage())
                    + ". Check that S3 is reachable and that the credentials may list the bucket", e);
        }
    }

    private static boolean bucketHoldsOnlyLedger(MigrationConfig config) {
        Deadline deadline = new CallBudgets(config.lockTtl()).open();
        String token = null;
        do {
            ListObjectsV2Request.Builder request = ListObjectsV2Request.builder().bucket(config.bucket()).maxKeys(100)
                    .overrideConfiguration(AwsRequestOverrideConfiguration.builder()
                            .apiCallTimeout(java.time.Duration.ofMillis(deadline.remainingMillis())).build());
            if (token != null) {
                request.continuationToken(token);
            }
            ListObjectsV2Response page = config.s3Client().listObjectsV2(request.build());
            if (page.contents().stream().anyMatch(o -> !o.key().startsWith(S3Ledger.KEY_PREFIX))) {
                return false;
            }
            token = Boolean.TRUE.equals(page.isTruncated()) ? page.nextContinuationToken() : null;
        } while (token != null);
        return true;
    }
}
