package io.smartmigration.test.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("DockerProbe, which keeps Testcontainers' own probe (and its ERROR) off machines without Docker")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
@DisabledOnOs(value = OS.WINDOWS, disabledReason = "Unix domain sockets stand in for the engine")
class DockerProbeTest {

    @TempDir
    Path dir;

    private static DockerProbe probe(Map<String, String> env, List<Properties> properties, Path... sockets) {
        return new DockerProbe(env::get, properties, List.of(sockets), false);
    }

    @Test
    @DisplayName("GIVEN DOCKER_HOST is set THEN Testcontainers decides, whatever the sockets")
    void dockerHostDelegates() {
        DockerProbe.Result result = probe(Map.of("DOCKER_HOST", "tcp://build-host:2375"), List.of(),
                dir.resolve("absent.sock")).find();

        assertThat(result.present()).isTrue();
        assertThat(result.reason()).isEqualTo("the environment variable DOCKER_HOST is set");
    }

    @Test
    @DisplayName("GIVEN Testcontainers' properties name a docker.host THEN Testcontainers decides")
    void testcontainersPropertiesDelegate() {
        Properties properties = new Properties();
        properties.setProperty("docker.host", "unix:///run/user/1000/docker.sock");

        DockerProbe.Result result = probe(Map.of(), List.of(properties), dir.resolve("absent.sock")).find();

        assertThat(result.present()).isTrue();
        assertThat(result.reason()).isEqualTo("Testcontainers' docker.host is set");
    }

    @Test
    @DisplayName("GIVEN nothing configured and no socket THEN no engine, and the reason says where it looked")
    void noSocketNoEngine() {
        Path first = dir.resolve("docker.sock");
        Path second = dir.resolve("desktop.sock");

        DockerProbe.Result result = probe(Map.of("DOCKER_HOST", " "), List.of(new Properties()), first, second).find();

        assertThat(result.present()).isFalse();
        assertThat(result.reason()).isEqualTo("no DOCKER_HOST, no Testcontainers docker.host, no Docker socket at "
                + first + " nor at 1 other usual paths");
    }

    @Test
    @DisplayName("GIVEN a socket file nobody listens on (an engine that stopped) THEN no engine")
    void deadSocketNoEngine() throws IOException {
        Path socket = dir.resolve("docker.sock");
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(socket));
        }
        assertThat(socket).exists();

        DockerProbe.Result result = probe(Map.of(), List.of(), socket).find();

        assertThat(result.present()).isFalse();
        assertThat(result.reason()).endsWith("no engine answers on " + socket);
    }

    @Test
    @DisplayName("GIVEN an engine that answers GET /_ping with 200 THEN it is found, by its socket")
    void answeringEngineFound() throws Exception {
        Path socket = dir.resolve("docker.sock");

        Probed probed = probeServer(socket, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nOK");

        assertThat(probed.result().present()).isTrue();
        assertThat(probed.result().reason()).isEqualTo("a Docker engine answers on " + socket);
        assertThat(probed.request()).startsWith("GET /_ping HTTP/1.0\r\n");
    }

    @Test
    @DisplayName("GIVEN something else on the socket that does not answer 200 THEN no engine")
    void otherServerNoEngine() throws Exception {
        Probed probed = probeServer(dir.resolve("docker.sock"), "HTTP/1.1 404 Not Found\r\n\r\n");

        assertThat(probed.result().present()).isFalse();
        assertThat(probed.request()).startsWith("GET /_ping");
    }

    private record Probed(DockerProbe.Result result, String request) {
    }

    /** Probes (an absent socket, then) {@code socket}, where a server answers one request with {@code response}. */
    private Probed probeServer(Path socket, String response) throws Exception {
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(socket));
            CompletableFuture<String> request = answerOnce(server, response);
            DockerProbe.Result result = probe(Map.of(), List.of(), dir.resolve("absent.sock"), socket).find();
            return new Probed(result, request.get(30, TimeUnit.SECONDS));
        }
    }

    /** Accepts one connection, reads the request head, writes {@code response}, closes. */
    private static CompletableFuture<String> answerOnce(ServerSocketChannel server, String response) {
        return CompletableFuture.supplyAsync(() -> {
            try (SocketChannel client = server.accept()) {
                ByteBuffer buffer = ByteBuffer.allocate(1024);
                StringBuilder head = new StringBuilder();
                while (!head.toString().contains("\r\n\r\n") && client.read(buffer) > 0) {
                    buffer.flip();
                    head.append(StandardCharsets.US_ASCII.decode(buffer));
                    buffer.clear();
                }
                client.write(ByteBuffer.wrap(response.getBytes(StandardCharsets.US_ASCII)));
                return head.toString();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }
}
