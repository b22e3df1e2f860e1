package io.smartmigration.spring;

import io.smartmigration.MigrationStatus;
import io.smartmigration.SmartMigration;
import io.smartmigration.StepState;
import io.smartmigration.StepStatus;
import java.util.Objects;
import org.semver4j.Semver;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * The {@code smartmigration} health contributor: UP when the data is at this release's target
 * version (or newer, as in a rolling deploy where a newer release already migrated), DOWN while it
 * is behind (another instance is migrating and this one started with
 * {@code smartmigration.lock-policy=SKIP}, or a step failed), and DOWN when the ledger cannot be
 * read. One read of the ledger per check; nothing written, no lock taken.
 *
 * <pre>
 * GET /actuator/health/smartmigration
 * {"status":"UP","details":{"version":"2.0.0","target":"2.0.0"}}
 * {"status":"DOWN","details":{"version":"1.1.0","target":"2.0.0","pending":["move-avatars"],
 *   "lock":"'web-2/41/9f2c' on host web-2, acquired ..., lease expires ..."}}
 * </pre>
 *
 * <p>Add it to the readiness group ({@code management.endpoint.health.group.readiness.include=
 * readinessState,smartmigration}) so that an instance that started while another migrates gets
 * no traffic until the data is ready.
 */
public class SmartMigrationHealthIndicator extends AbstractHealthIndicator {

    private final SmartMigration migration;

    public SmartMigrationHealthIndicator(SmartMigration migration) {
        super("smartmigration: the ledger could not be read");
        this.migration = Objects.requireNonNull(migration, "migration");
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        MigrationStatus status = migration.status();
        builder.withDetail("version", status.currentVersion().orElse("(none)"))
                .withDetail("target", status.targetVersion());
        if (status.atTarget()) {
            builder.up();
            return;
        }
        if (isAhead(status)) {
            builder.up().withDetail("dataAhead", true);
            return;
        }
        builder.down().withDetail("pending", status.steps().stream()
                .filter(s -> s.state() == StepState.PENDING || s.state() == StepState.FAILED)
                .map(StepStatus::id).toList());
        status.steps(StepState.FAILED).stream().findFirst().ifPresent(failed -> builder
                .withDetail("failed", failed.id() + ": " + failed.error().orElse("(no message)")));
        status.lock().ifPresent(lock -> builder.withDetail("lock", lock.describe()));
    }

    /** Whether the data is newer than the target (an older release running during a rolling deploy). */
    private static boolean isAhead(MigrationStatus status) {
        Semver target = Semver.parse(status.targetVersion());
        Semver current = status.currentVersion().map(Semver::parse).orElse(null);
        return target != null && current != null && current.isGreaterThan(target);
    }
}
