package io.smartmigration.embedded;

import io.netty.channel.Channel;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

/** The client connections an embedded MongoDB serves, as its backend sees them open and close. */
final class ClientChannels {

    /**
     * How long {@link EmbeddedMongo#close()} lets closed clients hang up: the driver closes its
     * monitor connection after {@code MongoClient.close()} returns, the server notices a moment later.
     * A client still open when the server closes costs this once, then the server drops it.
     */
    static final Duration HANG_UP_WAIT = Duration.ofSeconds(2);

    private final Set<Channel> open = new HashSet<>();

    synchronized void opened(Channel channel) {
        if (channel != null && channel.isOpen()) {
            open.add(channel);
        }
    }

    synchronized void closed(Channel channel) {
        open.remove(channel);
        notifyAll();
    }

    /** Waits until no tracked connection is open, or {@code limit} has passed. */
    synchronized void awaitNone(Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        open.removeIf(channel -> !channel.isOpen());
        while (!open.isEmpty()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return;
            }
            try {
                wait(Math.max(1, left / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            open.removeIf(channel -> !channel.isOpen());
        }
    }
}
