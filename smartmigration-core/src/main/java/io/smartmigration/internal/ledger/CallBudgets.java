package io.smartmigration.internal.ledger;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How long each ledger call may take, whatever the application's client timeouts are. A call made
 * outside a lease gets {@code callTimeout} (the configured lockTtl, at least
 * {@link #MIN_UNLEASED} so a very short lease does not fail a cold connection's first read); a call
 * made under a lease that its keeper {@link #bind bound} gets the time left on that lease, at most
 * {@code callTimeout}, and is not made at all once the keeper knows the lease is gone. Backends turn the {@link Deadline}
 * into the driver's client-side operation timeout (MongoDB CSOT, {@code withTimeout}) or the SDK's
 * per-request {@code apiCallTimeout} (S3).
 */
public final class CallBudgets {

    /** The least a call outside a lease may take. */
    public static final Duration MIN_UNLEASED = Duration.ofSeconds(30);

    private final Duration callTimeout;
    private final Map<String, LeaseTime> leases = new ConcurrentHashMap<>();

    public CallBudgets(Duration callTimeout) {
        this.callTimeout = callTimeout;
    }

    public Duration callTimeout() {
        return callTimeout;
    }

    /** A call outside any lease: each of its requests bounded by the call timeout. */
    public Deadline open() {
        return Deadline.perRequest(callTimeout.compareTo(MIN_UNLEASED) < 0 ? MIN_UNLEASED : callTimeout);
    }

    /** A call under {@code lease}: bounded by what its keeper says is left (throws when it is gone). */
    public Deadline open(LockInfo lease, String what) {
        LeaseTime time = leases.get(lease.token());
        if (time == null) {
            return open();   // a lease no keeper holds here (baseline, operator tools, tests)
        }
        Duration left = time.left(what);
        return Deadline.after(left.compareTo(callTimeout) < 0 ? left : callTimeout);
    }

    public void bind(LockInfo lease, LeaseTime time) {
        leases.put(lease.token(), time);
    }

    public void unbind(LockInfo lease) {
        leases.remove(lease.token());
    }
}
