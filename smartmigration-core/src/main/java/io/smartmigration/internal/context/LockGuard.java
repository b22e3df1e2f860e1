package io.smartmigration.internal.context;

import io.smartmigration.ErrorCode;
import io.smartmigration.SmartMigrationException;
import io.smartmigration.internal.lock.LeaseKeeper;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The handler's lock guard (as Mongock's): a dynamic proxy over a driver interface that asks the
 * {@link LeaseKeeper} before every call that may send an operation, and refuses it with
 * {@code LOCK_LOST} once this instance knows its lease is lost or has gone a whole TTL without a
 * successful renewal. Fencing tokens protect the ledger; this narrows the window in which a paused
 * instance's handler can still change the data: after it wakes, at most the operation already on
 * its way lands.
 *
 * <p>Results that are themselves driver handles (a collection from a database, an iterable from a
 * collection, a cursor from an iterable) are wrapped too, so {@code ctx.mongo().getCollection("x")
 * .find().iterator()} is guarded at every step. The guard's cost is two volatile reads and a
 * {@code nanoTime} per call, plus the reflective dispatch (measured in BENCHMARKS.md, bulk row).
 */
final class LockGuard implements InvocationHandler {

    private final Object target;
    private final LeaseKeeper keeper;
    /** Calls that only read local configuration (never sent): not guarded. */
    private final Predicate<String> local;
    /** Which returned interfaces to wrap as well. */
    private final Predicate<Class<?>> wrapResult;

    private LockGuard(Object target, LeaseKeeper keeper, Predicate<String> local, Predicate<Class<?>> wrapResult) {
        this.target = target;
        this.keeper = keeper;
        this.local = local;
        this.wrapResult = wrapResult;
    }

    /** Wraps {@code target} (an implementation of the interface {@code type}). */
    static <T> T wrap(Class<T> type, T target, LeaseKeeper keeper, Predicate<String> local,
                      Predicate<Class<?>> wrapResult) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
                new LockGuard(target, keeper, local, wrapResult)));
    }

    /** Mongo: getters and {@code with...} copies are local; results in {@code com.mongodb.client} are wrapped, sessions not. */
    static final Predicate<String> MONGO_LOCAL = name -> name.startsWith("get") || name.startsWith("with")
            || name.equals("close");
    static final Predicate<Class<?>> MONGO_HANDLES = type -> type.getPackageName().equals("com.mongodb.client")
            && !type.getSimpleName().equals("ClientSession");

    /** S3: every request is guarded (reads too: they are cheap to refuse and a stale pause should stop early). */
    private static final Set<String> S3_LOCAL = Set.of("serviceName", "serviceClientConfiguration", "utilities",
            "waiter", "close");
    static final Predicate<String> S3_LOCAL_CALLS = S3_LOCAL::contains;

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        if (method.getDeclaringClass() == Object.class) {
            return switch (method.getName()) {
                case "equals" -> proxy == args[0];
                case "hashCode" -> System.identityHashCode(proxy);
                case "toString" -> "lock-guarded " + target;
                default -> method.invoke(target, args);
            };
        }
        String name = method.getName();
        if (!local.test(name)) {
            if (Thread.currentThread().isInterrupted()) {
                // as blocking JDK calls do; the flag stays set for the runner, which ends the run as INTERRUPTED
                throw new SmartMigrationException(ErrorCode.INTERRUPTED, "refused to send " + name
                        + ": the step's thread was interrupted (run() is being stopped)");
            }
            keeper.guard("send", name);
        }
        Object result;
        try {
            result = method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
        Class<?> type = method.getReturnType();
        if (result != null && type.isInterface() && result != target && wrapResult.test(type)) {
            return Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
                    new LockGuard(result, keeper, local, wrapResult));
        }
        return result == target ? proxy : result;
    }
}
