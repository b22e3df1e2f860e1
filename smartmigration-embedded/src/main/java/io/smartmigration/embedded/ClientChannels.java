package io.smartmigration.embedded;

import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.wire.message.ClientRequest;
import io.netty.channel.Channel;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

/** The client connections an embedded MongoDB serves, as its backend sees them open and close. */
final class ClientChannels {

    private final Set<Channel> open = new HashSet<>();

    /**
     * {@code backend}, telling this tracker of each connection it serves: every request names its
     * connection, and the server reports each closed one ({@code handleClose}).
     */
    MongoBackend tracking(MongoBackend backend) {
        InvocationHandler handler = (proxy, method, args) -> {
            Object first = args == null || args.length == 0 ? null : args[0];
            if (method.getName().equals("handleClose") && first instanceof Channel channel) {
                closed(channel);
            } else if (first instanceof Channel channel) {
                opened(channel);
            } else if (first instanceof ClientRequest request) {
                opened(request.getChannel());
            }
            try {
                Object result = method.invoke(backend, args);
                return result == backend ? proxy : result;
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        };
        return (MongoBackend) Proxy.newProxyInstance(MongoBackend.class.getClassLoader(),
                new Class<?>[] {MongoBackend.class}, handler);
    }

    synchronized void opened(Channel channel) {
        if (channel != null && channel.isOpen()) {
            open.add(channel);
        }
    }

    synchronized void closed(Channel channel) {
        open.remove(channel);
        notifyAll();
    }

    /** Waits until no tracked connection is open, or {@code limit} has passed; whether none is. */
    synchronized boolean awaitNone(Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        open.removeIf(channel -> !channel.isOpen());
        while (!open.isEmpty()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            try {
                wait(Math.max(1, left / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
            open.removeIf(channel -> !channel.isOpen());
        }
        return true;
    }
}
