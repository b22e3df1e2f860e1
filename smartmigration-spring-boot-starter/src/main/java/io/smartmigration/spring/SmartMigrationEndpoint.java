package io.smartmigration.spring;

import io.smartmigration.AppliedStep;
import io.smartmigration.HistoryEntry;
import io.smartmigration.LockHolder;
import io.smartmigration.MigrationResult;
import io.smartmigration.MigrationStatus;
import io.smartmigration.SmartMigration;
import io.smartmigration.StepStatus;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;

/**
 * The {@code smartmigration} Actuator endpoint: where the data stands against this release's
 * chain, read from the ledger on every call (nothing written, no lock taken), plus what this
 * instance's startup did. Expose it with {@code management.endpoints.web.exposure.include=
 * health,smartmigration}.
 *
 * <pre>
 * GET /actuator/smartmigration
 * {"ledger":"Mongo ledger 'smartmigration' in notes.smartmigration_ledger at [...]",
 *  "version":"2.0.0","target":"2.0.0","atTarget":true,"lock":null,
 *  "steps":[{"id":"add-status","from":"1.0.0","to":"1.1.0","state":"APPLIED",
 *            "ranAt":"2026-03-01T10:00:02Z","ranBy":"web-1/41/9f2c","durationMs":1520,...}],
 *  "startup":{"outcome":"MIGRATED","versionBefore":"1.0.0","stepsApplied":["add-status"],...}}
 * </pre>
 */
@Endpoint(id = "smartmigration")
public class SmartMigrationEndpoint {

    private final SmartMigration migration;
    private final Optional<SmartMigrationInitializer> initializer;

    public SmartMigrationEndpoint(SmartMigration migration, Optional<SmartMigrationInitializer> initializer) {
        this.migration = Objects.requireNonNull(migration, "migration");
        this.initializer = Objects.requireNonNull(initializer, "initializer");
    }

    @ReadOperation
    public MigrationDescriptor migration() {
        MigrationStatus status = migration.status();
        return new MigrationDescriptor(status.ledger(), status.currentVersion().orElse(null), status.targetVersion(),
                status.atTarget(), status.lock().map(LockDescriptor::of).orElse(null),
                status.steps().stream().map(StepDescriptor::of).toList(),
                initializer.map(SmartMigrationInitializer::result).map(StartupDescriptor::of).orElse(null));
    }

    /** The endpoint's response. {@code version} is null while nothing was written to the ledger. */
    public record MigrationDescriptor(String ledger, String version, String target, boolean atTarget,
                                      LockDescriptor lock, List<StepDescriptor> steps, StartupDescriptor startup) {
    }

    /** The holder of the ledger's lock. */
    public record LockDescriptor(String owner, String host, String acquiredAt, String expiresAt, boolean expired) {
        static LockDescriptor of(LockHolder lock) {
            return new LockDescriptor(lock.owner(), lock.host(), text(lock.acquiredAt()), text(lock.expiresAt()),
                    lock.expired());
        }
    }

    /** One registered step and its state; the run fields are null for a step that never ran. */
    public record StepDescriptor(String id, String from, String to, String description, String state, String ranAt,
                                 String ranBy, Long durationMs, String error, Map<String, String> checkpoint) {
        static StepDescriptor of(StepStatus step) {
            return new StepDescriptor(step.id(), step.from(), step.to(), step.description(), step.state().name(),
                    step.ranAt().map(SmartMigrationEndpoint::text).orElse(null), step.ranBy().orElse(null),
                    step.durationMs().orElse(null), step.entry().flatMap(HistoryEntry::error).orElse(null),
                    step.checkpoint());
        }
    }

    /** What this instance's startup run did. */
    public record StartupDescriptor(String outcome, String versionBefore, String versionAfter,
                                    List<String> stepsApplied, long totalDurationMs) {
        static StartupDescriptor of(MigrationResult result) {
            return new StartupDescriptor(result.outcome().name(), result.currentVersionBefore().orElse(null),
                    result.currentVersionAfter(), result.stepsApplied().stream().map(AppliedStep::id).toList(),
                    result.totalDurationMs());
        }
    }

    private static String text(Instant instant) {
        return instant.toString();
    }
}
