package io.smartmigration;

import java.net.URI;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;

/**
 * An application that uses only S3, loaded by {@link S3OnlyClassPathTest} in a class loader
 * without the Mongo driver: it fails with NoClassDefFoundError if the S3 path touches Mongo classes.
 */
public final class S3OnlyApp {

    private S3OnlyApp() {
    }

    /** Migrates the bucket twice (a fresh install stamp, then a resumable step) and describes the outcome. */
    public static String migrate(String endpoint, String accessKey, String secretKey, String bucket) {
        try {
            Class.forName("org.bson.Document");
            throw new IllegalStateException("org.bson is on this class path; the check proves nothing");
        } catch (ClassNotFoundException expected) {
            // as in an application without the Mongo driver
        }
        try (S3Client s3 = S3Client.builder().endpointOverride(URI.create(endpoint)).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey)))
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build()).build()) {
            MigrationResult fresh = SmartMigration.builder().targetVersion("1.0.0").freshInstallVersion("1.0.0")
                    .s3(s3, bucket).build().run();
            for (int i = 0; i < 5; i++) {
                int n = i;
                s3.putObject(b -> b.bucket(bucket).key("in/" + n), RequestBody.fromString("x"));
            }
            AtomicInteger visited = new AtomicInteger();
            SmartMigration migration = SmartMigration.builder().targetVersion("1.1.0").s3(s3, bucket)
                    .step("walk").from("1.0.0").to("1.1.0").resumable()
                    .up(ctx -> ctx.forEachObjectBatch("in/", 2, batch -> visited.addAndGet(batch.size())))
                    .build();
            MigrationResult walked = migration.run();
            return fresh.outcome() + " " + walked.outcome() + " " + visited.get() + " "
                    + migration.currentVersion().orElse("none") + " " + migration.history().size();
        }
    }
}
