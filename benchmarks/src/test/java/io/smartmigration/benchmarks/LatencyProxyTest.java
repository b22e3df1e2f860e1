package io.smartmigration.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@DisplayName("The benchmarks' latency proxy")
@Timeout(120)
class LatencyProxyTest {

    private static final int CONNECTIONS = 16;
    private static final Duration DELAY = Duration.ofMillis(200);

    private final ExecutorService threads = Executors.newCachedThreadPool();
    private ServerSocket server;
    private CountDownLatch allArrived;

    /**
     * A server that answers no request until {@value #CONNECTIONS} requests have arrived (or 60 s passed):
     * behind a proxy that forwarded one connection at a time, it would never answer in time.
     */
    @BeforeEach
    void barrierServer() throws IOException {
        server = new ServerSocket(0, 64, InetAddress.getLoopbackAddress());
        allArrived = new CountDownLatch(CONNECTIONS);
        threads.submit(() -> {
            while (!server.isClosed()) {
                Socket socket = server.accept();
                threads.submit(() -> answer(socket));
            }
            return null;
        });
    }

    private Void answer(Socket socket) throws IOException, InterruptedException {
        try (socket; BufferedReader in = reader(socket); PrintWriter out = writer(socket)) {
            String request;
            while ((request = in.readLine()) != null) {
                allArrived.countDown();
                boolean together = allArrived.await(60, TimeUnit.SECONDS);
                out.println(together ? "answer to " + request : "alone: " + request);
                out.flush();
            }
        }
        return null;
    }

    @AfterEach
    void stop() throws IOException {
        server.close();
        threads.shutdownNow();
    }

    @Test
    @DisplayName("GIVEN 16 clients that each send one request at once WHEN they go through the proxy THEN the 16 requests reach the server together and every round trip takes at least the delay")
    void concurrentRequestsShareOneDelay() throws Exception {
        try (LatencyProxy proxy = LatencyProxy.start(server.getLocalPort(), DELAY)) {
            List<Future<Long>> trips = new ArrayList<>();
            for (int i = 0; i < CONNECTIONS; i++) {
                int n = i;
                trips.add(threads.submit(() -> {
                    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), proxy.port());
                         BufferedReader in = reader(socket); PrintWriter out = writer(socket)) {
                        long sent = System.nanoTime();
                        out.println("request " + n);
                        out.flush();
                        assertThat(in.readLine()).isEqualTo("answer to request " + n);
                        return System.nanoTime() - sent;
                    }
                }));
            }
            for (Future<Long> trip : trips) {
                assertThat(Duration.ofNanos(trip.get(90, TimeUnit.SECONDS))).isGreaterThanOrEqualTo(DELAY);
            }
            assertThat(proxy.connections()).isEqualTo(CONNECTIONS);
        }
    }

    @Test
    @DisplayName("GIVEN a request written in several chunks WHEN it goes through the proxy THEN it arrives whole and in order")
    void keepsTheBytesInOrder() throws Exception {
        allArrived = new CountDownLatch(1);
        try (LatencyProxy proxy = LatencyProxy.start(server.getLocalPort(), Duration.ofMillis(5));
             Socket socket = new Socket(InetAddress.getLoopbackAddress(), proxy.port());
             BufferedReader in = reader(socket)) {
            OutputStream out = socket.getOutputStream();
            String request = "x".repeat(300_000);
            for (int i = 0; i < request.length(); i += 1000) {
                out.write(request.substring(i, i + 1000).getBytes(StandardCharsets.UTF_8));
            }
            out.write('\n');
            out.flush();

            assertThat(in.readLine()).isEqualTo("answer to " + request);
        }
    }

    private static BufferedReader reader(Socket socket) throws IOException {
        return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
    }

    private static PrintWriter writer(Socket socket) throws IOException {
        return new PrintWriter(socket.getOutputStream(), false, StandardCharsets.UTF_8);
    }
}
