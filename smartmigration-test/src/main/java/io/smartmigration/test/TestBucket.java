package io.smartmigration.test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The S3 bucket of one test, with the client that reaches it. Created for the test and removed
 * after it.
 *
 * <pre>{@code
 * @Test
 * void copiesAvatars(TestBucket bucket) {
 *     bucket.put("avatars/1.png", bytes, "image/png");
 *     ...
 *     assertThat(bucket.keys()).contains("users/1/avatar.png");
 * }
 * }</pre>
 *
 * @param name   the bucket's name, unique per test
 * @param client the S3 client of the test run's server
 */
public record TestBucket(String name, S3Client client) {

    public TestBucket {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(client, "client");
    }

    /** Writes an object. */
    public void put(String key, byte[] content, String contentType) {
        client.putObject(b -> b.bucket(name).key(key).contentType(contentType), RequestBody.fromBytes(content));
    }

    /** Writes a UTF-8 text object ({@code text/plain}). */
    public void put(String key, String text) {
        put(key, text.getBytes(StandardCharsets.UTF_8), "text/plain; charset=utf-8");
    }

    /** The content of an object. */
    public byte[] get(String key) {
        return client.getObjectAsBytes(b -> b.bucket(name).key(key)).asByteArray();
    }

    /** The content of an object as UTF-8 text. */
    public String getText(String key) {
        return new String(get(key), StandardCharsets.UTF_8);
    }

    /** Every key in the bucket, in key order, the ledger's {@code .smartmigration/} keys included. */
    public List<String> keys() {
        List<String> keys = new ArrayList<>();
        String token = null;
        do {
            ListObjectsV2Request.Builder request = ListObjectsV2Request.builder().bucket(name);
            if (token != null) {
                request.continuationToken(token);
            }
            ListObjectsV2Response page = client.listObjectsV2(request.build());
            page.contents().stream().map(S3Object::key).forEach(keys::add);
            token = Boolean.TRUE.equals(page.isTruncated()) ? page.nextContinuationToken() : null;
        } while (token != null);
        return keys;
    }
}
