package io.smartmigration.test.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.function.Function;

/**
 * Decides, without Testcontainers, whether a Docker engine may be there, so that a machine without
 * one never runs Testcontainers' own probe (which logs an ERROR per run, whatever the user's logging
 * says about everything else).
 *
 * <p>An engine counts as present when the user configured one explicitly ({@code DOCKER_HOST},
 * Testcontainers' {@code docker.host}, {@code docker.client.strategy} or {@code tc.host} in
 * {@code ~/.testcontainers.properties} or a {@code testcontainers.properties} on the class path, or
 * the matching {@code TESTCONTAINERS_DOCKER_CLIENT_STRATEGY} / {@code TESTCONTAINERS_TC_HOST} variables): then Testcontainers decides,
 * and a misconfiguration is the user's to see. Otherwise one of the usual Unix sockets (Docker,
 * Docker Desktop, rootless Docker, Rancher Desktop, Colima, Podman) must exist and answer
 * {@code GET /_ping} with {@code 200}; on Windows the engine's named pipe must exist.
 */
public final class DockerProbe {

    /** Long enough for a loaded engine to answer a ping; only paid where a socket exists and stays silent. */
    static final Duration PING_TIMEOUT = Duration.ofSeconds(5);

    private static final List<String> CONFIG_VARIABLES = List.of(
            "DOCKER_HOST", "TESTCONTAINERS_DOCKER_CLIENT_STRATEGY", "TESTCONTAINERS_TC_HOST");
    private static final List<String> CONFIG_PROPERTIES = List.of("docker.host", "docker.client.strategy", "tc.host");
    private static final String WINDOWS_PIPE = "\\\\.\\pipe\\docker_engine";

    private final Function<String, String> environment;
    private final List<Properties> testcontainersProperties;
    private final List<Path> sockets;
    private final boolean windows;

    DockerProbe(Function<String, String> environment, List<Properties> testcontainersProperties, List<Path> sockets,
                boolean windows) {
        this.environment = environment;
        this.testcontainersProperties = List.copyOf(testcontainersProperties);
        this.sockets = List.copyOf(sockets);
        this.windows = windows;
    }

    /** The probe of this machine: its environment, its Testcontainers properties, its usual sockets. */
    public static DockerProbe ofThisMachine() {
        Path home = Path.of(System.getProperty("user.home", "."));
        List<Properties> properties = new ArrayList<>();
        load(home.resolve(".testcontainers.properties")).ifPresent(properties::add);
        loadFromClassPath().ifPresent(properties::add);
        Set<Path> sockets = new LinkedHashSet<>();
        sockets.add(Path.of("/var/run/docker.sock"));
        Optional.ofNullable(System.getenv("XDG_RUNTIME_DIR")).filter(v -> !v.isBlank()).map(Path::of).ifPresent(run -> {
            sockets.add(run.resolve("docker.sock"));
            sockets.add(run.resolve("podman/podman.sock"));
        });
        for (String relative : List.of(".docker/run/docker.sock", ".docker/desktop/docker.sock", ".rd/docker.sock",
                ".colima/default/docker.sock", ".colima/docker.sock")) {
            sockets.add(home.resolve(relative));
        }
        boolean windows = System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).startsWith("windows");
        return new DockerProbe(System::getenv, properties, List.copyOf(sockets), windows);
    }

    /**
     * What the probe found.
     *
     * @param present whether an engine may be there (Testcontainers is asked next)
     * @param reason  why, for the log: what is configured, or which socket answered, or what was looked at
     */
    public record Result(boolean present, String reason) {
    }

    public Result find() {
        for (String variable : CONFIG_VARIABLES) {
            String value = environment.apply(variable);
            if (value != null && !value.isBlank()) {
                return new Result(true, "the environment variable " + variable + " is set");
            }
        }
        for (Properties properties : testcontainersProperties) {
            for (String key : CONFIG_PROPERTIES) {
                String value = properties.getProperty(key);
                if (value != null && !value.isBlank()) {
                    return new Result(true, "Testcontainers' " + key + " is set");
                }
            }
        }
        if (windows) {
            return Files.exists(Path.of(WINDOWS_PIPE))
                    ? new Result(true, "the named pipe " + WINDOWS_PIPE + " exists")
                    : new Result(false, "no DOCKER_HOST and no named pipe " + WINDOWS_PIPE);
        }
        List<String> silent = new ArrayList<>();
        for (Path socket : sockets) {
            if (Files.exists(socket)) {
                if (answersPing(socket)) {
                    return new Result(true, "a Docker engine answers on " + socket);
                }
                silent.add(socket.toString());
            }
        }
        String looked = "no DOCKER_HOST, no Testcontainers docker.host, ";
        if (!silent.isEmpty()) {
            return new Result(false, looked + "and no engine answers on " + String.join(", ", silent));
        }
        if (sockets.isEmpty()) {
            return new Result(false, looked + "no Docker socket");
        }
        String others = sockets.size() > 1 ? " nor at " + (sockets.size() - 1) + " other usual paths" : "";
        return new Result(false, looked + "no Docker socket at " + sockets.get(0) + others);
    }

    /** Whether an HTTP {@code GET /_ping} on this Unix socket gets a 200 within {@link #PING_TIMEOUT}. */
    static boolean answersPing(Path socket) {
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
             Selector selector = Selector.open()) {
            channel.connect(UnixDomainSocketAddress.of(socket));
            channel.write(ByteBuffer.wrap("GET /_ping HTTP/1.0\r\nHost: docker\r\n\r\n".getBytes(StandardCharsets.US_ASCII)));
            channel.configureBlocking(false);
            channel.register(selector, SelectionKey.OP_READ);
            ByteBuffer buffer = ByteBuffer.allocate(64);
            long deadline = System.nanoTime() + PING_TIMEOUT.toNanos();
            while (buffer.hasRemaining()) {
                long left = (deadline - System.nanoTime()) / 1_000_000;
                if (left <= 0 || selector.select(left) == 0) {
                    break;
                }
                selector.selectedKeys().clear();
                if (channel.read(buffer) < 0) {
                    break;
                }
                if (statusLine(buffer).isPresent()) {
                    break;
                }
            }
            return statusLine(buffer).map(line -> line.matches("HTTP/1\\.[01] 200\\b.*")).orElse(false);
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static Optional<String> statusLine(ByteBuffer buffer) {
        String text = new String(buffer.array(), 0, buffer.position(), StandardCharsets.US_ASCII);
        int end = text.indexOf("\r\n");
        return end < 0 ? Optional.empty() : Optional.of(text.substring(0, end));
    }

    private static Optional<Properties> load(Path file) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try (InputStream in = Files.newInputStream(file)) {
            return Optional.of(read(in));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static Optional<Properties> loadFromClassPath() {
        ClassLoader loader = Optional.ofNullable(Thread.currentThread().getContextClassLoader())
                .orElse(DockerProbe.class.getClassLoader());
        try (InputStream in = loader.getResourceAsStream("testcontainers.properties")) {
            return in == null ? Optional.empty() : Optional.of(read(in));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static Properties read(InputStream in) throws IOException {
        Properties properties = new Properties();
        properties.load(in);
        return properties;
    }
}
