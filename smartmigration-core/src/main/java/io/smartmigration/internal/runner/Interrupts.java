package io.smartmigration.internal.runner;

import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.nio.channels.ClosedByInterruptException;
import java.util.Set;

/** Tells an exception that an interrupt caused from a real failure, across both drivers. */
final class Interrupts {

    /** By name: the Mongo driver and the AWS SDK are optional, neither may be loaded for the other. */
    private static final Set<String> DRIVER_INTERRUPTS = Set.of(
            "com.mongodb.MongoInterruptedException",
            "software.amazon.awssdk.core.exception.AbortedException",
            "software.amazon.awssdk.core.exception.SdkInterruptedException");

    private Interrupts() {
    }

    /** Whether {@code failure} or one of its causes says the thread was interrupted. */
    static boolean causedBy(Throwable failure) {
        int depth = 0;
        for (Throwable t = failure; t != null && depth < 32; t = t.getCause(), depth++) {
            if (t instanceof InterruptedException || t instanceof ClosedByInterruptException
                    || (t instanceof InterruptedIOException && !(t instanceof SocketTimeoutException))
                    || DRIVER_INTERRUPTS.contains(t.getClass().getName())) {
                return true;
            }
        }
        return false;
    }
}
