package io.smartmigration.examples.notes.spring;

import io.smartmigration.MigrationStep;
import io.smartmigration.SmartMigration;
import io.smartmigration.examples.notes.migrations.MoveInlineAttachmentsToS3;
import io.smartmigration.examples.notes.migrations.NotesMigrations;
import io.smartmigration.examples.notes.migrations.RekeyAttachmentsByTenant;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The notes service's migration steps as beans: the starter collects every {@link MigrationStep}
 * bean, sorts them by {@code from} and runs them at startup. The two resumable steps are the plain
 * notes service's classes, reused as they are.
 *
 * <pre>
 * 1.0.0 --backfill-note-status--------&gt; 1.1.0
 * 1.1.0 --move-attachments-to-s3------&gt; 1.2.0   (resumable)
 * 1.2.0 --rekey-attachments-by-tenant-&gt; 1.3.0   (resumable)
 * 1.3.0 --rename-owner-to-owner-id----&gt; 2.0.0
 * </pre>
 */
@Configuration(proxyBeanMethods = false)
public class NotesMigrationSteps {

    @Bean
    MigrationStep backfillNoteStatus() {
        return new BackfillNoteStatus();
    }

    @Bean
    MigrationStep moveAttachmentsToS3() {
        return new MoveInlineAttachmentsToS3();
    }

    @Bean
    MigrationStep rekeyAttachmentsByTenant() {
        return new RekeyAttachmentsByTenant();
    }

    @Bean
    MigrationStep renameOwnerToOwnerId() {
        return new RenameOwnerToOwnerId();
    }

    /**
     * The same chain without Spring, for the migration tests ({@code @MigrationTest} binds each
     * test's scratch database and bucket): {@code batchSize} documents or objects per batch in the
     * resumable steps.
     */
    public static SmartMigration.Builder chain(int batchSize) {
        SmartMigration.Builder builder = SmartMigration.builder().targetVersion(NotesMigrations.TARGET_VERSION);
        List.of(new BackfillNoteStatus(), new MoveInlineAttachmentsToS3(batchSize),
                new RekeyAttachmentsByTenant(batchSize), new RenameOwnerToOwnerId()).forEach(builder::step);
        return builder;
    }
}
