package io.smartmigration.internal;

import com.mongodb.client.MongoClient;
import io.smartmigration.LedgerBackend;
import io.smartmigration.LockPolicy;
import io.smartmigration.MigrationListener;
import io.smartmigration.MigrationStep;
import io.smartmigration.internal.index.IndexDeclaration;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.s3.S3Client;

/** A validated configuration, built by {@code SmartMigration.Builder.build()}. */
public record MigrationConfig(
        String targetVersion,
        MongoClient mongoClient,
        String databaseName,
        S3Client s3Client,
        String bucket,
        String ledgerName,
        LedgerBackend ledgerBackend,
        Duration lockWait,
        Duration lockTtl,
        LockPolicy lockPolicy,
        Optional<String> freshInstallVersion,
        boolean failIfDataAhead,
        Clock clock,
        String instanceId,
        List<MigrationStep> steps,
        List<MigrationListener> listeners,
        boolean validateOnRun,
        List<IndexDeclaration> indexes) {

    public MigrationConfig {
        steps = List.copyOf(steps);
        listeners = List.copyOf(listeners);
        indexes = List.copyOf(indexes);
    }

    public boolean hasMongo() {
        return mongoClient != null;
    }

    public boolean hasS3() {
        return s3Client != null;
    }
}
