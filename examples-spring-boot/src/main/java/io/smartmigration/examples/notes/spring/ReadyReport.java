package io.smartmigration.examples.notes.spring;

import static com.mongodb.client.model.Filters.eq;

import io.smartmigration.MigrationResult;
import io.smartmigration.examples.notes.migrations.AttachmentKeys;
import io.smartmigration.spring.SmartMigrationInitializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.services.s3.S3Client;

/** One line at the end of the startup: what the migration did and what the data holds now. */
@Component
public class ReadyReport implements ApplicationRunner {

    private static final Logger LOG = LoggerFactory.getLogger("notes-app");

    private final SmartMigrationInitializer migration;
    private final MongoTemplate mongo;
    private final S3Client s3;
    private final String bucket;

    public ReadyReport(SmartMigrationInitializer migration, MongoTemplate mongo, S3Client s3,
                       @Value("${smartmigration.bucket}") String bucket) {
        this.migration = migration;
        this.mongo = mongo;
        this.s3 = s3;
        this.bucket = bucket;
    }

    @Override
    public void run(ApplicationArguments args) {
        MigrationResult result = migration.result();
        long users = mongo.getCollection("users").countDocuments();
        long notes = mongo.getCollection("notes").countDocuments();
        long active = mongo.getCollection("notes").countDocuments(eq("status", "active"));
        long objects = s3.listObjectsV2Paginator(list -> list.bucket(bucket).prefix(AttachmentKeys.BY_TENANT_PREFIX))
                .contents().stream().count();
        LOG.info("ready: data at {} ({}); {} users, {} notes ({} active), {} attachments under s3://{}/{}",
                result.currentVersionAfter(), result.outcome(), users, notes, active, objects, bucket,
                AttachmentKeys.BY_TENANT_PREFIX);
    }
}
