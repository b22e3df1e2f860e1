package io.smartmigration.spring;

import io.smartmigration.LedgerBackend;
import io.smartmigration.LockPolicy;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code smartmigration.*} properties of the starter; each one maps to the
 * {@link io.smartmigration.SmartMigration.Builder} option of the same name.
 *
 * <pre>
 * smartmigration.target-version=2.0.0        # default: the version in BuildProperties (build-info)
 * smartmigration.database=notes              # default: the database of spring.mongodb.*
 * smartmigration.bucket=notes-attachments    # the bucket of the S3Client bean, if any
 * smartmigration.lock-wait=2m
 * smartmigration.shutdown-grace=15s          # SIGTERM mid-step: stop, keep the checkpoint, release the lock
 * </pre>
 */
@ConfigurationProperties(prefix = SmartMigrationProperties.PREFIX)
public class SmartMigrationProperties {

    /** The prefix of every property of the starter. */
    public static final String PREFIX = "smartmigration";

    /** Whether to migrate at startup. With false the starter defines no bean at all. */
    private boolean enabled = true;

    /**
     * The data version this release of the application expects (SemVer 2.0.0). Default: the
     * version of the application's BuildProperties (META-INF/build-info.properties), when present.
     */
    private String targetVersion;

    /**
     * The MongoDB database the steps work on and the Mongo ledger lives in. Default: the database
     * Spring Boot's Mongo support uses (spring.mongodb.database, else the one in spring.mongodb.uri).
     */
    private String database;

    /** The S3 bucket the steps work on (with the context's S3Client bean); no S3 without it. */
    private String bucket;

    /** The ledger's name: its Mongo document id, or its key segment under .smartmigration/ in S3. */
    private String ledgerName = "smartmigration";

    /** Where the ledger lives. Default: MONGO when a MongoClient is configured, else S3. */
    private LedgerBackend ledgerBackend;

    /** How long the startup waits for another instance that holds the migration lock. */
    private Duration lockWait = Duration.ofMinutes(1);

    /** The lock's lease, renewed in the background at a third of it while held. */
    private Duration lockTtl = Duration.ofMinutes(10);

    /**
     * WAIT for another instance's lock (up to lock-wait), or SKIP: start at once while another
     * instance migrates (the health contributor reports DOWN until the data is at the target).
     */
    private LockPolicy lockPolicy = LockPolicy.WAIT;

    /**
     * On a JVM shutdown (SIGTERM) while the startup's migration holds the lock: how long to wait
     * for the step to stop at its next batch or checkpoint boundary and release the lock. Keep it
     * well under the pod's terminationGracePeriodSeconds (30 s by default in Kubernetes).
     */
    private Duration shutdownGrace = Duration.ofSeconds(10);

    /**
     * On a fresh ledger over fresh data (no collection, no object), stamp this version instead of
     * running the steps below it.
     */
    private String freshInstallVersion;

    /**
     * Fail the startup when the data is newer than the target version; by default an older
     * release booting against newer data (a rolling deploy) is a warned no-op.
     */
    private boolean failIfDataAhead = false;

    /**
     * Fail the startup when the ledger's history does not match the chain (a step's id, range or
     * definition changed after it ran); by default the mismatch is logged at WARN.
     */
    private boolean validateOnRun = false;

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public String getTargetVersion() {
        return targetVersion;
    }

    public void setTargetVersion(String targetVersion) {
        this.targetVersion = targetVersion;
    }

    public String getDatabase() {
        return database;
    }

    public void setDatabase(String database) {
        this.database = database;
    }

    public String getBucket() {
        return bucket;
    }

    public void setBucket(String bucket) {
        this.bucket = bucket;
    }

    public String getLedgerName() {
        return ledgerName;
    }

    public void setLedgerName(String ledgerName) {
        this.ledgerName = ledgerName;
    }

    public LedgerBackend getLedgerBackend() {
        return ledgerBackend;
    }

    public void setLedgerBackend(LedgerBackend ledgerBackend) {
        this.ledgerBackend = ledgerBackend;
    }

    public Duration getLockWait() {
        return lockWait;
    }

    public void setLockWait(Duration lockWait) {
        this.lockWait = lockWait;
    }

    public Duration getLockTtl() {
        return lockTtl;
    }

    public void setLockTtl(Duration lockTtl) {
        this.lockTtl = lockTtl;
    }

    public LockPolicy getLockPolicy() {
        return lockPolicy;
    }

    public void setLockPolicy(LockPolicy lockPolicy) {
        this.lockPolicy = lockPolicy;
    }

    public Duration getShutdownGrace() {
        return shutdownGrace;
    }

    public void setShutdownGrace(Duration shutdownGrace) {
        this.shutdownGrace = shutdownGrace;
    }

    public String getFreshInstallVersion() {
        return freshInstallVersion;
    }

    public void setFreshInstallVersion(String freshInstallVersion) {
        this.freshInstallVersion = freshInstallVersion;
    }

    public boolean isFailIfDataAhead() {
        return failIfDataAhead;
    }

    public void setFailIfDataAhead(boolean failIfDataAhead) {
        this.failIfDataAhead = failIfDataAhead;
    }

    public boolean isValidateOnRun() {
        return validateOnRun;
    }

    public void setValidateOnRun(boolean validateOnRun) {
        this.validateOnRun = validateOnRun;
    }
}
