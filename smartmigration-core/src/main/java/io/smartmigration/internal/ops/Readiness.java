package io.smartmigration.internal.ops;

import io.smartmigration.MigrationResult;
import io.smartmigration.Outcome;
import io.smartmigration.SmartMigrationException;
import io.smartmigration.internal.ledger.Ledger;
import io.smartmigration.internal.ledger.LedgerState;
import io.smartmigration.internal.version.Versions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Behind {@code SmartMigration.isAtLeast(version)}: the ledger's version, read at most once per
 * {@link #MAX_AGE} (by the runner's clock) however many threads ask, and set directly by this
 * instance's own runs. A failed read is kept as long as a successful one, so a backend that is down
 * is not asked more often either.
 */
public final class Readiness {

    /** How long one read of the ledger answers for. */
    public static final Duration MAX_AGE = Duration.ofSeconds(1);

    private final Ledger ledger;
    private final Clock clock;
    private final ReentrantLock refresh = new ReentrantLock();
    private volatile Reading last;

    /** One answer about the ledger's version: the version, or the error that reading it gave. */
    private record Reading(Instant at, Optional<String> version, SmartMigrationException error) {
    }

    public Readiness(Ledger ledger, Clock clock) {
        this.ledger = ledger;
        this.clock = clock;
    }

    public boolean isAtLeast(String version) {
        Versions.require(version, "the version given to isAtLeast");
        return current().map(current -> !Versions.lower(current, version)).orElse(false);
    }

    /** After this instance's run: the version it left the ledger at, without reading it again. */
    public void ran(MigrationResult result) {
        if (result.outcome() == Outcome.LOCK_HELD_SKIPPED || result.currentVersionAfter() == null) {
            last = null;   // another instance is migrating: its progress is only known by reading
        } else {
            last = new Reading(clock.instant(), Optional.of(result.currentVersionAfter()), null);
        }
    }

    /** After anything else this instance changed (a failed run, a baseline): the next call reads. */
    public void forget() {
        last = null;
    }

    private Optional<String> current() {
        Reading reading = last;
        if (!fresh(reading)) {
            refresh.lock();
            try {
                reading = last;
                if (!fresh(reading)) {
                    reading = read();
                    last = reading;
                }
            } finally {
                refresh.unlock();
            }
        }
        if (reading.error() != null) {
            SmartMigrationException e = reading.error();
            String prefix = "[" + e.code() + "] ";
            throw new SmartMigrationException(e.code(), e.getMessage().substring(prefix.length())
                    + " (isAtLeast reads the ledger at most once per second; this is the answer of the read at "
                    + reading.at() + ")", e);
        }
        return reading.version();
    }

    private Reading read() {
        Instant at = clock.instant();
        try {
            return new Reading(at, ledger.read().flatMap(LedgerState::currentVersion), null);
        } catch (SmartMigrationException e) {
            return new Reading(at, Optional.empty(), e);
        }
    }

    private boolean fresh(Reading reading) {
        if (reading == null) {
            return false;
        }
        Duration age = Duration.between(reading.at(), clock.instant());
        return !age.isNegative() && age.compareTo(MAX_AGE) < 0;   // a clock set back: read again
    }
}
