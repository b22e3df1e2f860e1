package io.smartmigration.spring;

import io.smartmigration.SmartMigrationException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Turns a start that failed because of the migration into Spring Boot's "APPLICATION FAILED TO
 * START" report: what went wrong (the {@link SmartMigrationException}'s code and message, which
 * name the values involved) and what to do, instead of a bare stack trace.
 *
 * <pre>
 * ***************************
 * APPLICATION FAILED TO START
 * ***************************
 * Description:
 * The data migration did not complete: [STEP_FAILED] step 'move-avatars' (1.1.0 -> 2.0.0) failed: ...
 * Action:
 * Fix the step; the ledger kept the last completed step and the next start retries this one ...
 * </pre>
 */
class SmartMigrationFailureAnalyzer extends AbstractFailureAnalyzer<SmartMigrationException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, SmartMigrationException cause) {
        // The exception's message starts with its code: "[STEP_FAILED] step 'x' ...".
        return new FailureAnalysis("The data migration did not complete: " + cause.getMessage(), action(cause), cause);
    }

    private static String action(SmartMigrationException cause) {
        return switch (cause.code()) {
            case INVALID_CONFIG, INVALID_VERSION -> "Fix the smartmigration.* properties, the MongoClient / S3Client"
                    + " beans or the SmartMigrationBuilderCustomizer named in the description. Nothing was written.";
            case DUPLICATE_STEP_ID, INVALID_STEP_RANGE, CHAIN_GAP, TARGET_NOT_REACHABLE -> "Fix the chain: the"
                    + " MigrationStep beans (sorted by 'from') and the steps added by SmartMigrationBuilderCustomizer"
                    + " beans must lead from one version to the next up to smartmigration.target-version."
                    + " Nothing was written.";
            case STEP_FAILED -> "Fix the step (its cause follows in the log). The ledger kept the last completed step;"
                    + " the next start retries the failed one, so keep its handler idempotent.";
            case LOCK_TIMEOUT -> "Another instance holds the migration lock (see the description). Let it finish, raise"
                    + " smartmigration.lock-wait, or start with smartmigration.lock-policy=skip; a dead holder's lease"
                    + " expires after smartmigration.lock-ttl.";
            case DATA_AHEAD_OF_CODE -> "The data is newer than this release's target: deploy the newer release, or"
                    + " remove smartmigration.fail-if-data-ahead=true to let an older release run on newer data.";
            default -> "See the description; the ledger holds everything completed before the failure.";
        };
    }
}
