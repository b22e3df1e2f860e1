package io.smartmigration.internal.ops;

import io.smartmigration.ErrorCode;
import io.smartmigration.HistoryEntry;
import io.smartmigration.LockHolder;
import io.smartmigration.SmartMigrationException;
import io.smartmigration.internal.InstanceIds;
import io.smartmigration.internal.LogText;
import io.smartmigration.internal.ledger.HistoryCodec;
import io.smartmigration.internal.ledger.Ledger;
import io.smartmigration.internal.ledger.LedgerState;
import io.smartmigration.internal.ledger.LockInfo;
import io.smartmigration.internal.version.Versions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Operations on a ledger that need no chain: reading it, removing its lock, baselining it. Behind
 * {@code MigrationLedger} (and so {@code SmartMigration.forceUnlock()} and {@code baseline(...)}),
 * which the CLI uses too: it has no application code and so no steps.
 */
public final class LedgerTools {

    /** The history id of a baseline. */
    public static final String BASELINE_ID = "<baseline>";

    private static final Logger LOG = LoggerFactory.getLogger("io.smartmigration");

    private final Ledger ledger;
    private final Clock clock;
    private final String instanceId;
    private final Duration lockTtl;

    public LedgerTools(Ledger ledger, Clock clock, String instanceId, Duration lockTtl) {
        this.ledger = ledger;
        this.clock = clock;
        this.instanceId = instanceId;
        this.lockTtl = lockTtl;
    }

    /** Where the ledger lives. */
    public String describe() {
        return ledger.describe();
    }

    /** One read; empty when the ledger was never written. */
    public Optional<LedgerState> read() {
        return ledger.read();
    }

    public Instant now() {
        return clock.instant();
    }

    /** Removes the lock whoever holds it; the holder is named at WARN. */
    public Optional<LockHolder> forceUnlock() {
        Optional<LockInfo> removed = ledger.forceUnlock();
        Instant now = clock.instant();
        if (removed.isEmpty()) {
            LOG.info("smartmigration: force-unlock of the {}: no lock was held, nothing changed", ledger.describe());
            return Optional.empty();
        }
        LockHolder holder = StatusBuilder.holder(removed.get(), now);
        LOG.warn("smartmigration: force-unlocked the {} as {}: removed the lock of {}{}", ledger.describe(), instanceId,
                LogText.cut(holder.describe(), LogText.CONTENT), holder.expired() ? "" : ". The lease was still live: if that instance is running a"
                        + " step, its next ledger write fails with LOCK_LOST and its step is retried by the next run");
        return Optional.of(holder);
    }

    /**
     * Sets the ledger's version without running steps, under the lock, with a STAMPED history entry
     * {@value #BASELINE_ID}.
     *
     * @throws SmartMigrationException INVALID_VERSION for a version that is not SemVer;
     *                                 BASELINE_REFUSED when the ledger has a version or history and
     *                                 {@code force} is false, or when another instance holds a live lock
     */
    public HistoryEntry baseline(String version, boolean force) {
        Versions.require(version, "the baseline version");
        ledger.read().ifPresent(state -> refuseOverHistory(state, version, force));   // nothing written if refused
        Instant now = clock.instant();
        Optional<LockInfo> lease = ledger.tryAcquire(instanceId, InstanceIds.host(), now, now.plus(lockTtl));
        if (lease.isEmpty()) {
            String holder = ledger.read().flatMap(LedgerState::lock).map(LockInfo::describe).orElse("another instance");
            throw new SmartMigrationException(ErrorCode.BASELINE_REFUSED, "cannot baseline the " + ledger.describe()
                    + " at " + version + ": its lock is held by " + holder + ", which may be migrating. Wait for it,"
                    + " or if that instance is dead, force-unlock first");
        }
        try {
            LedgerState state = ledger.read().orElseThrow(() -> new SmartMigrationException(ErrorCode.LEDGER_CORRUPT,
                    "the " + ledger.describe() + " vanished right after this instance took its lock: something deletes it"));
            Optional<String> before = state.currentVersion();
            boolean hasHistory = refuseOverHistory(state, version, force);
            HistoryEntry entry = HistoryCodec.stamped(BASELINE_ID, before, version, instanceId, now);
            ledger.advance(lease.get(), version, entry, now);
            if (hasHistory) {
                LOG.warn("smartmigration: forced baseline of the {} at {} (it was at {}); the steps up to {} are taken"
                        + " as applied", ledger.describe(), version, before.orElse("(none)"), version);
            } else {
                LOG.info("smartmigration: baselined the {} at {}; the steps up to {} are taken as applied",
                        ledger.describe(), version, version);
            }
            return entry;
        } finally {
            ledger.release(lease.get());
        }
    }

    /** Whether the ledger already tracks the data; throws BASELINE_REFUSED if so and not forced. */
    private boolean refuseOverHistory(LedgerState state, String version, boolean force) {
        boolean hasHistory = state.currentVersion().isPresent() || !state.history().isEmpty();
        if (hasHistory && !force) {
            throw new SmartMigrationException(ErrorCode.BASELINE_REFUSED, "cannot baseline the "
                    + ledger.describe() + " at " + version + ": it already tracks the data (version "
                    + state.currentVersion().orElse("(none)") + ", " + state.history().size() + " history entries)."
                    + " A baseline adopts data no ledger tracks yet; to overwrite the version anyway, force it"
                    + " (baseline(version, true), or --force on the command line)");
        }
        return hasHistory;
    }
}
