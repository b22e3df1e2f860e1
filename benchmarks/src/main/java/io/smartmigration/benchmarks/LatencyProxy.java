package io.smartmigration.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * A TCP proxy on 127.0.0.1 that adds a fixed delay to every request: each chunk a client sends is
 * forwarded to the server {@code delay} after it arrived, so one request/response round trip costs
 * one delay more than it would directly (the answer flows back undelayed), as a server that far
 * away would.
 *
 * <p>Every connection has threads of its own (a reader that stamps each chunk with its arrival time,
 * a writer that forwards it when its time comes, a pump for the answers), so concurrent connections
 * never wait for each other, and the chunks of one request are delayed once, not once each: N
 * requests in flight on N connections all cost one delay together. Java 17, so platform threads:
 * three per connection, which is fine for the few hundred connections a benchmark opens.
 *
 * <pre>{@code
 * try (LatencyProxy s3 = LatencyProxy.start(s3Port, Duration.ofMillis(20))) {
 *     S3Client client = ... endpointOverride(URI.create("http://127.0.0.1:" + s3.port())) ...
 * }
 * }</pre>
 */
final class LatencyProxy implements AutoCloseable {

    private static final byte[] END = new byte[0];

    /** A chunk from the client and the time it may go on to the server. */
    private record Chunk(long dueNanos, byte[] bytes) {
    }

    private final int targetPort;
    private final long delayNanos;
    private final ServerSocket listener;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final AtomicInteger connections = new AtomicInteger();
    private volatile boolean closed;

    private LatencyProxy(int targetPort, Duration delay) throws IOException {
        this.targetPort = targetPort;
        this.delayNanos = delay.toNanos();
        this.listener = new ServerSocket();
        listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 512);
    }

    /** Listens on a free port of 127.0.0.1 and forwards to {@code 127.0.0.1:targetPort}. */
    static LatencyProxy start(int targetPort, Duration delay) throws IOException {
        LatencyProxy proxy = new LatencyProxy(targetPort, delay);
        daemon("latency-proxy-accept-" + targetPort, proxy::accept).start();
        return proxy;
    }

    /** The port clients connect to. */
    int port() {
        return listener.getLocalPort();
    }

    Duration delay() {
        return Duration.ofNanos(delayNanos);
    }

    /** Connections accepted so far. */
    int connections() {
        return connections.get();
    }

    private void accept() {
        while (!closed) {
            Socket client;
            try {
                client = listener.accept();
            } catch (IOException e) {
                return;   // closed
            }
            int n = connections.incrementAndGet();
            try {
                Socket server = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                client.setTcpNoDelay(true);
                server.setTcpNoDelay(true);
                sockets.add(client);
                sockets.add(server);
                BlockingQueue<Chunk> line = new LinkedBlockingQueue<>();
                String name = "latency-proxy-" + targetPort + "-" + n;
                daemon(name + "-in", () -> readInto(client, line, server)).start();
                daemon(name + "-delay", () -> forwardDelayed(line, server, client)).start();
                daemon(name + "-out", () -> pump(server, client)).start();
            } catch (IOException e) {
                closeQuietly(client);
            }
        }
    }

    /** Client to queue: each chunk stamped with the time it may leave. */
    private void readInto(Socket client, BlockingQueue<Chunk> line, Socket server) {
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = client.getInputStream()) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                line.add(new Chunk(System.nanoTime() + delayNanos, Arrays.copyOf(buffer, n)));
            }
        } catch (IOException e) {
            // the connection went away: end the line below
        }
        line.add(new Chunk(System.nanoTime() + delayNanos, END));
    }

    /** Queue to server, each chunk when it is due. */
    private void forwardDelayed(BlockingQueue<Chunk> line, Socket server, Socket client) {
        try {
            OutputStream out = server.getOutputStream();
            while (true) {
                Chunk chunk = line.take();
                long wait;
                while ((wait = chunk.dueNanos() - System.nanoTime()) > 0) {
                    LockSupport.parkNanos(wait);
                }
                if (chunk.bytes() == END) {
                    server.shutdownOutput();
                    return;
                }
                out.write(chunk.bytes());
                out.flush();
            }
        } catch (IOException | InterruptedException e) {
            closeQuietly(server);
            closeQuietly(client);
        }
    }

    /** Server to client, undelayed. */
    private void pump(Socket server, Socket client) {
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = server.getInputStream(); OutputStream out = client.getOutputStream()) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            // either side closed
        } finally {
            closeQuietly(server);
            closeQuietly(client);
            sockets.remove(server);
            sockets.remove(client);
        }
    }

    @Override
    public void close() {
        closed = true;
        closeQuietly(listener);
        sockets.forEach(LatencyProxy::closeQuietly);
    }

    private static Thread daemon(String name, Runnable body) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        return thread;
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            // closing anyway
        }
    }
}
