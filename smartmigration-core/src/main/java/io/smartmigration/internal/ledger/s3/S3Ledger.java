package io.smartmigration.internal.ledger.s3;

import io.smartmigration.ErrorCode;
import io.smartmigration.HistoryEntry;
import io.smartmigration.SmartMigrationException;
import io.smartmigration.internal.ledger.CheckpointState;
import io.smartmigration.internal.ledger.Ledger;
import io.smartmigration.internal.ledger.LedgerState;
import io.smartmigration.internal.ledger.LockInfo;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import software.amazon.awssdk.services.s3.S3Client;

/** Placeholder until the S3 ledger lands (issue 3). */
public final class S3Ledger implements Ledger {

    private final String bucket;
    private final String name;

    public S3Ledger(S3Client client, String bucket, String name, Clock clock) {
        this.bucket = bucket;
        this.name = name;
    }

    private SmartMigrationException absent() {
        return new SmartMigrationException(ErrorCode.INVALID_CONFIG, "the S3 ledger is not available in this build");
    }

    @Override public String describe() { return "S3 ledger '" + name + "' in bucket " + bucket; }
    @Override public Optional<LedgerState> read() { throw absent(); }
    @Override public Optional<LockInfo> tryAcquire(String o, String h, Instant n, Instant e) { throw absent(); }
    @Override public boolean renew(LockInfo l, Instant e) { throw absent(); }
    @Override public void advance(LockInfo l, String v, HistoryEntry e, Instant n) { throw absent(); }
    @Override public void recordFailure(LockInfo l, HistoryEntry e, Instant n) { throw absent(); }
    @Override public void saveCheckpoint(LockInfo l, CheckpointState c) { throw absent(); }
    @Override public void release(LockInfo l) { throw absent(); }
    @Override public void stamp(String v, HistoryEntry e, Instant n) { throw absent(); }
    @Override public Optional<LockInfo> forceUnlock() { throw absent(); }
}
