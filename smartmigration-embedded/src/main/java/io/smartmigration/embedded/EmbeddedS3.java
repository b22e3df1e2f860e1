package io.smartmigration.embedded;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.S3Configuration;

/**
 * An in-process S3 server (s3proxy 4.1.0, Jetty) bound to {@code 127.0.0.1}, with AWS v2/v4
 * request signing checked against the fixed credentials {@link #ACCESS_KEY} / {@link #SECRET_KEY}.
 *
 * <p>Two storage flavours:
 * <ul>
 *   <li>{@link #inMemory()}: the {@code transient} store (an in-memory file system);</li>
 *   <li>{@link #persistent(Path)}: the {@code filesystem} store, one folder per bucket under
 *       the given directory, so objects outlive the server and the process.</li>
 * </ul>
 *
 * <pre>{@code
 * try (EmbeddedS3 s3 = EmbeddedS3.inMemory(); S3Client client = s3.newClient()) {
 *   s3.createBucket("assets");
 *   client.putObject(b -> b.bucket("assets").key("a.txt"), RequestBody.fromString("hello"));
 * }
 * }</pre>
 *
 * <p>What the embedded store does (s3proxy 4.1.0, checked by this module's tests unless noted):
 * <ul>
 *   <li><b>Create-only writes are atomic.</b> A PUT with {@code If-None-Match: *} on a key that
 *       exists is refused with 412 Precondition Failed and the object is left unchanged; of 8
 *       racing create-only PUTs of one key exactly one succeeds and the 7 others get 412
 *       (50 of 50 rounds in a probe).</li>
 *   <li><b>{@code If-Match: <etag>} is checked but not serialised.</b> A PUT with the current
 *       ETag succeeds, one with a stale ETag gets 412, one on a missing key gets 404. But 8
 *       writers racing with the same current ETag can both succeed (more than one winner in
 *       9 of 50 rounds of a probe, not part of the tests): build compare-and-swap on
 *       create-only writes, not on {@code If-Match} overwrites.</li>
 *   <li>ListObjectsV2 honours {@code prefix}, {@code startAfter}, {@code maxKeys} and
 *       continuation tokens, in lexicographic key order.</li>
 *   <li>User metadata and {@code Content-Type} round-trip through PUT, GET and HEAD, in memory
 *       and on the {@code filesystem} store across a restart.</li>
 *   <li>Requests signed with other credentials get 403.</li>
 * </ul>
 *
 * <p>Logging: s3proxy and its (shaded) Jetty log through SLF4J under {@code org.gaul.s3proxy}
 * and {@code org.gaul.shaded.org.eclipse.jetty}; their DEBUG output is enormous. This library
 * brings no SLF4J binding and configures no logging: set those loggers to WARN in your
 * configuration (with logback: {@code <logger name="org.gaul" level="WARN"/>}).
 */
public final class EmbeddedS3 extends EmbeddedServer<EmbeddedS3> {

    /** The access key id the server accepts. */
    public static final String ACCESS_KEY = "smartmigration";
    /** The secret key the server accepts. */
    public static final String SECRET_KEY = "smartmigration-secret";
    /** The region the clients sign for. */
    public static final Region REGION = Region.US_EAST_1;

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedS3.class);
    private static final Pattern VALID_BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(10);
    /**
     * Jetty's graceful stop waits this long for open connections; an idle keep-alive connection
     * of a client would otherwise hold every stop for a full second.
     */
    private static final Duration STOP_GRACE = Duration.ofMillis(20);

    private final BlobStore blobStore;
    private S3Proxy proxy;

    private EmbeddedS3(Builder builder) {
        super("Embedded S3", LOG, builder.storage, builder.port);
        this.blobStore = builder.storage.isPresent() ? openFilesystem(builder.storage.get())
                : new TransientNio2BlobStore();
    }

    /** Starts an in-memory ({@code transient}) server on a random free port of {@code 127.0.0.1}. */
    public static EmbeddedS3 inMemory() {
        return builder().build();
    }

    /**
     * Starts a server storing buckets as folders under {@code directory} (created if missing),
     * on a random free port of {@code 127.0.0.1}.
     */
    public static EmbeddedS3 persistent(Path directory) {
        return builder().persistent(directory).build();
    }

    /** A builder for a server with a fixed port or a persistent directory. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    int bind(int port) {
        S3Proxy candidate = S3Proxy.builder()
                .blobStore(blobStore)
                .endpoint(URI.create("http://" + HOST + ":" + port))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                .jettyMaxThreads(32)
                .stopTimeout(STOP_GRACE.toMillis())
                .build();
        try {
            candidate.start();
            awaitStarted(candidate);
        } catch (Exception e) {
            stopQuietly(candidate);
            throw new IllegalStateException("Cannot start the embedded S3 server on " + HOST + ":" + port
                    + " (is the port in use?): " + e.getMessage(), e);
        }
        proxy = candidate;
        return candidate.getPort();
    }

    @Override
    void unbind() {
        try {
            stopQuietly(proxy);
        } finally {
            proxy = null;
        }
    }

    @Override
    void release() {
        blobStore.close();
    }

    @Override
    String storageDescription() {
        return directory().map(d -> "folder " + d).orElse("in memory");
    }

    @Override
    String address() {
        return endpoint().toString();
    }

    /** The endpoint, e.g. {@code http://127.0.0.1:43127}, for path-style requests. */
    public URI endpoint() {
        return URI.create("http://" + HOST + ":" + port());
    }

    /** The persistent directory, empty for an in-memory server. */
    public Optional<Path> directory() {
        return storage();
    }

    /**
     * Creates a bucket directly in the store (no HTTP round trip); does nothing if it exists.
     *
     * @param name an S3 bucket name: 3 to 63 characters among lower-case letters, digits, dots and
     *             hyphens, starting and ending with a letter or digit
     * @return the bucket name
     * @throws IllegalArgumentException when the name is not a valid bucket name
     */
    public String createBucket(String name) {
        Objects.requireNonNull(name, "name");
        if (!VALID_BUCKET.matcher(name).matches()) {
            throw new IllegalArgumentException("Invalid S3 bucket name '" + name + "': use 3 to 63 characters"
                    + " among a-z, 0-9, '.' and '-', starting and ending with a letter or digit");
        }
        if (!blobStore.containerExists(name)) {
            blobStore.createContainer(name);
        }
        return name;
    }

    /**
     * A client builder for this server: endpoint, path-style access, {@link #REGION}, the static
     * credentials, and the Apache 5 HTTP client with short timeouts (connect 3 s, socket 10 s).
     */
    public S3ClientBuilder clientBuilder() {
        return S3Client.builder()
                .endpointOverride(endpoint())
                .region(REGION)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build())
                .httpClientBuilder(Apache5HttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(3))
                        .socketTimeout(Duration.ofSeconds(10)));
    }

    /** A new client for this server with {@link #clientBuilder()}; the caller closes it. */
    public S3Client newClient() {
        return clientBuilder().build();
    }

    private static BlobStore openFilesystem(Path directory) {
        try {
            Files.createDirectories(directory);
            return new FilesystemNio2BlobStore(directory.toAbsolutePath().toString());
        } catch (Exception e) {
            throw new IllegalStateException("Cannot use " + directory + " as the embedded S3 directory: "
                    + e.getMessage(), e);
        }
    }

    private static void awaitStarted(S3Proxy proxy) throws InterruptedException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (!"STARTED".equals(proxy.getState())) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("s3proxy did not start within " + START_TIMEOUT + ", state "
                        + proxy.getState());
            }
            Thread.sleep(1);
        }
    }

    private static void stopQuietly(S3Proxy proxy) {
        try {
            proxy.stop();
        } catch (TimeoutException e) {
            // Jetty reports the connections it closed after the grace period; it is stopped.
            LOG.debug("Embedded S3 closed connections still open after {} ms", STOP_GRACE.toMillis());
        } catch (Exception e) {
            LOG.warn("Stopping the embedded S3 server failed: {}", e.toString());
        }
    }

    /** Builds and starts an {@link EmbeddedS3}. */
    public static final class Builder extends EmbeddedServer.Builder<Builder> {

        private Builder() {
        }

        /** Stores buckets as folders under {@code directory} instead of memory. */
        public Builder persistent(Path directory) {
            return storage(directory, "directory");
        }

        /** Starts the server. */
        public EmbeddedS3 build() {
            return new EmbeddedS3(this).start();
        }
    }
}
