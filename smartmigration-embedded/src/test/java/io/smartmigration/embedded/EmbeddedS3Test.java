package io.smartmigration.embedded;

import static io.smartmigration.embedded.EmbeddedMongoTest.accepts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
@DisplayName("EmbeddedS3")
class EmbeddedS3Test {

    private static final String BUCKET = "test-bucket";

    @Test
    @DisplayName("starts on a free port of 127.0.0.1 and releases it when stopped")
    void startsAndStops() {
        EmbeddedS3 s3 = EmbeddedS3.inMemory();
        int port = s3.port();
        assertThat(port).isPositive();
        assertThat(s3.endpoint()).hasToString("http://127.0.0.1:" + port);
        assertThat(accepts(port)).isTrue();

        s3.close();

        assertThat(s3.isRunning()).isFalse();
        assertThat(accepts(port)).isFalse();
    }

    @Test
    @DisplayName("stores and reads back an object with its content type and user metadata")
    void objectRoundTrip() {
        try (EmbeddedS3 s3 = EmbeddedS3.inMemory(); S3Client client = s3.newClient()) {
            s3.createBucket(BUCKET);

            client.putObject(b -> b.bucket(BUCKET).key("avatars/1.png").contentType("image/png")
                    .metadata(Map.of("owner", "ada")), RequestBody.fromBytes(new byte[] {1, 2, 3}));

            ResponseBytes<GetObjectResponse> read = client.getObjectAsBytes(b -> b.bucket(BUCKET).key("avatars/1.png"));
            assertThat(read.asByteArray()).containsExactly(1, 2, 3);
            assertThat(read.response().contentType()).isEqualTo("image/png");
            assertThat(read.response().metadata()).containsExactly(Map.entry("owner", "ada"));
            assertThat(client.headObject(b -> b.bucket(BUCKET).key("avatars/1.png")).metadata())
                    .containsExactly(Map.entry("owner", "ada"));
        }
    }

    @Test
    @DisplayName("refuses a second If-None-Match: * PUT of an existing key with 412 and keeps the first content")
    void ifNoneMatchIsCreateOnly() {
        try (EmbeddedS3 s3 = EmbeddedS3.inMemory(); S3Client client = s3.newClient()) {
            s3.createBucket(BUCKET);
            client.putObject(b -> b.bucket(BUCKET).key("state/1").ifNoneMatch("*"), RequestBody.fromString("first"));

            assertThatThrownBy(() -> client.putObject(b -> b.bucket(BUCKET).key("state/1").ifNoneMatch("*"),
                    RequestBody.fromString("second")))
                    .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(412));
            assertThat(client.getObjectAsBytes(b -> b.bucket(BUCKET).key("state/1")).asUtf8String()).isEqualTo("first");
        }
    }

    @Test
    @DisplayName("lets exactly one of 8 racing If-None-Match: * PUTs of one key win")
    void racingCreateOnlyPutsHaveOneWinner() throws Exception {
        try (EmbeddedS3 s3 = EmbeddedS3.inMemory(); S3Client client = s3.newClient()) {
            s3.createBucket(BUCKET);
            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                for (int round = 0; round < 10; round++) {
                    String key = "lock/epoch-" + round;
                    CountDownLatch gate = new CountDownLatch(1);
                    List<Future<Integer>> outcomes = new ArrayList<>();
                    for (int t = 0; t < 8; t++) {
                        outcomes.add(pool.submit(createOnly(client, key, "writer-" + t, gate)));
                    }
                    gate.countDown();
                    List<Integer> statuses = new ArrayList<>();
                    for (Future<Integer> outcome : outcomes) {
                        statuses.add(outcome.get(10, TimeUnit.SECONDS));
                    }

                    assertThat(statuses).as("statuses of round %d", round).filteredOn(s -> s == 200).hasSize(1);
                    assertThat(statuses).filteredOn(s -> s != 200).containsOnly(412).hasSize(7);
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    @DisplayName("honours If-Match: a PUT with the current ETag succeeds, one with a stale ETag fails with 412")
    void ifMatchIsHonoured() {
        try (EmbeddedS3 s3 = EmbeddedS3.inMemory(); S3Client client = s3.newClient()) {
            s3.createBucket(BUCKET);
            String first = client.putObject(b -> b.bucket(BUCKET).key("state"), RequestBody.fromString("v1")).eTag();

            String second = client.putObject(b -> b.bucket(BUCKET).key("state").ifMatch(first),
                    RequestBody.fromString("v2")).eTag();

            assertThat(second).isNotEqualTo(first);
            assertThatThrownBy(() -> client.putObject(b -> b.bucket(BUCKET).key("state").ifMatch(first),
                    RequestBody.fromString("v3")))
                    .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(412));
            assertThat(client.getObjectAsBytes(b -> b.bucket(BUCKET).key("state")).asUtf8String()).isEqualTo("v2");
        }
    }

    @Test
    @DisplayName("lists keys after a given key with ListObjectsV2 startAfter, in key order, page by page")
    void listObjectsV2StartAfter() {
        try (EmbeddedS3 s3 = EmbeddedS3.inMemory(); S3Client client = s3.newClient()) {
            s3.createBucket(BUCKET);
            for (String key : List.of("log/0003", "log/0001", "log/0002", "other/0001")) {
                client.putObject(b -> b.bucket(BUCKET).key(key), RequestBody.fromString(key));
            }

            List<String> keys = client.listObjectsV2(b -> b.bucket(BUCKET).prefix("log/").startAfter("log/0001"))
                    .contents().stream().map(S3Object::key).toList();

            assertThat(keys).containsExactly("log/0002", "log/0003");
            ListObjectsV2Response firstPage = client.listObjectsV2(b -> b.bucket(BUCKET).prefix("log/").maxKeys(2));
            assertThat(firstPage.contents()).extracting(S3Object::key).containsExactly("log/0001", "log/0002");
            assertThat(firstPage.isTruncated()).isTrue();
            ListObjectsV2Response secondPage = client.listObjectsV2(b -> b.bucket(BUCKET).prefix("log/").maxKeys(2)
                    .continuationToken(firstPage.nextContinuationToken()));
            assertThat(secondPage.contents()).extracting(S3Object::key).containsExactly("log/0003");
            assertThat(secondPage.isTruncated()).isFalse();
        }
    }

    @Test
    @DisplayName("keeps the objects of a persistent server in its directory across a restart")
    void persistentSurvivesRestart(@TempDir Path dir) {
        Path root = dir.resolve("s3");
        try (EmbeddedS3 s3 = EmbeddedS3.persistent(root); S3Client client = s3.newClient()) {
            s3.createBucket(BUCKET);
            client.putObject(b -> b.bucket(BUCKET).key("docs/readme.txt").contentType("text/plain")
                    .metadata(Map.of("rev", "3")), RequestBody.fromString("kept"));
        }

        try (EmbeddedS3 s3 = EmbeddedS3.persistent(root); S3Client client = s3.newClient()) {
            ResponseBytes<GetObjectResponse> read = client.getObjectAsBytes(b -> b.bucket(BUCKET).key("docs/readme.txt"));
            assertThat(read.asUtf8String()).isEqualTo("kept");
            assertThat(read.response().contentType()).isEqualTo("text/plain");
            assertThat(read.response().metadata()).containsExactly(Map.entry("rev", "3"));
        }
    }

    @Test
    @DisplayName("serves the same in-memory objects on the same port after stop and start")
    void restartsOnSamePort() {
        try (EmbeddedS3 s3 = EmbeddedS3.inMemory();
             S3Client client = s3.clientBuilder().overrideConfiguration(o -> o.retryStrategy(r -> r.maxAttempts(1)))
                     .build()) {
            s3.createBucket(BUCKET);
            client.putObject(b -> b.bucket(BUCKET).key("k"), RequestBody.fromString("still here"));
            int port = s3.port();

            s3.stop();
            assertThat(accepts(port)).isFalse();
            assertThatThrownBy(() -> client.getObjectAsBytes(b -> b.bucket(BUCKET).key("k")))
                    .isInstanceOf(SdkClientException.class);

            s3.start();

            assertThat(s3.port()).isEqualTo(port);
            assertThat(client.getObjectAsBytes(b -> b.bucket(BUCKET).key("k")).asUtf8String()).isEqualTo("still here");
        }
    }

    @Test
    @DisplayName("creates a bucket idempotently and rejects an invalid bucket name")
    void createBucket() {
        try (EmbeddedS3 s3 = EmbeddedS3.inMemory(); S3Client client = s3.newClient()) {
            assertThat(s3.createBucket(BUCKET)).isEqualTo(BUCKET);
            s3.createBucket(BUCKET);

            assertThat(client.listBuckets().buckets()).extracting(b -> b.name()).containsExactly(BUCKET);
            assertThatThrownBy(() -> s3.createBucket("B")).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'B'");
        }
    }

    @Test
    @DisplayName("rejects a request signed with other credentials")
    void rejectsWrongCredentials() {
        try (EmbeddedS3 s3 = EmbeddedS3.inMemory();
             S3Client intruder = s3.clientBuilder().credentialsProvider(
                     StaticCredentialsProvider.create(AwsBasicCredentials.create("someone", "else"))).build()) {
            s3.createBucket(BUCKET);

            assertThatThrownBy(() -> intruder.listObjectsV2(b -> b.bucket(BUCKET)))
                    .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(403));
        }
    }

    private static Callable<Integer> createOnly(S3Client client, String key, String body, CountDownLatch gate) {
        return () -> {
            gate.await();
            try {
                client.putObject(b -> b.bucket(BUCKET).key(key).ifNoneMatch("*"), RequestBody.fromString(body));
                return 200;
            } catch (S3Exception e) {
                return e.statusCode();
            }
        };
    }
}
