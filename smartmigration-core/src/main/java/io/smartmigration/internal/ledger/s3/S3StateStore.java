package io.smartmigration.internal.ledger.s3;

import io.smartmigration.ErrorCode;
import io.smartmigration.SmartMigrationException;
import io.smartmigration.internal.LogText;
import io.smartmigration.internal.ledger.Deadline;
import java.net.URI;
import java.time.Duration;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The S3 requests of the ledger, and what their failures mean. A state of sequence number
 * {@code n} lives at {@code .smartmigration/<ledger>/states/<Long.MAX_VALUE - n, 19 digits>-<n>.json}:
 * the inverted, fixed-width number makes S3's ascending key order list the newest state first,
 * so one ListObjectsV2 with {@code maxKeys=1} finds it; the trailing {@code n} is for people.
 *
 * <p>Every request carries an {@code apiCallTimeout} (the SDK's per-request override) of what is
 * left of the ledger call's {@link Deadline}, whatever the application's client configures, so a
 * store that stopped answering costs at most the lease, never the SDK's retries stacked on its
 * socket timeouts.
 */
final class S3StateStore {

    static final String ROOT = ".smartmigration/";
    private static final Pattern STATE_KEY = Pattern.compile("(\\d{19})-(\\d+)\\.json");
    private static final int NEWEST_PAGE = 10;

    /** How the store treats {@code If-None-Match: *} on PUT, found by {@link #probeConditionalWrites()}. */
    enum ConditionalWrites {
        /** A second create of the same key is refused: the ledger is a compare-and-swap. */
        HONOURED,
        /** The header is accepted but a second create overwrites: the lock is best-effort. */
        IGNORED,
        /** The header is rejected: writes go without it and the lock is best-effort. */
        REJECTED
    }

    /** The newest state's key, as listed. */
    record Listed(long sequence, String key) {
    }

    private final S3Client client;
    private final String bucket;
    private final String prefix;
    private final String statesPrefix;

    S3StateStore(S3Client client, String bucket, String ledgerName) {
        this.client = client;
        this.bucket = bucket;
        this.prefix = ROOT + ledgerName + "/";
        this.statesPrefix = prefix + "states/";
    }

    String bucket() {
        return bucket;
    }

    String location() {
        return "s3://" + bucket + "/" + prefix;
    }

    String endpoint() {
        try {
            Optional<URI> override = client.serviceClientConfiguration().endpointOverride();
            if (override.isPresent()) {
                return override.get().toString();
            }
            return "the AWS S3 endpoint of region " + client.serviceClientConfiguration().region();
        } catch (RuntimeException e) {
            return "(unknown endpoint)";
        }
    }

    String key(long sequence) {
        return statesPrefix + String.format("%019d", Long.MAX_VALUE - sequence) + "-" + sequence + ".json";
    }

    /**
     * The newest state, if any: usually one LIST. Keys under the states prefix that are not state
     * keys are skipped (s3proxy, for one, lists an upload in flight as {@code <key>-<uuid>}).
     */
    Optional<Listed> newest(Deadline deadline) {
        String token = null;
        do {
            ListObjectsV2Request.Builder request = ListObjectsV2Request.builder().bucket(bucket).prefix(statesPrefix)
                    .maxKeys(NEWEST_PAGE);
            if (token != null) {
                request.continuationToken(token);
            }
            ListObjectsV2Response page = call("list the ledger's states", Expect.NOTHING, deadline,
                    timeout -> client.listObjectsV2(request.overrideConfiguration(timeout).build()));
            for (S3Object object : page.contents()) {
                Optional<Listed> listed = parseKey(object.key());
                if (listed.isPresent()) {
                    return listed;
                }
            }
            token = Boolean.TRUE.equals(page.isTruncated()) ? page.nextContinuationToken() : null;
        } while (token != null);
        return Optional.empty();
    }

    /** Every state's sequence number, newest first (a few keys: old states are pruned). */
    List<Long> sequences(Deadline deadline) {
        List<Long> sequences = new ArrayList<>();
        String token = null;
        do {
            ListObjectsV2Request.Builder request = ListObjectsV2Request.builder().bucket(bucket).prefix(statesPrefix);
            if (token != null) {
                request.continuationToken(token);
            }
            ListObjectsV2Response page = call("list the ledger's states", Expect.NOTHING, deadline,
                    timeout -> client.listObjectsV2(request.overrideConfiguration(timeout).build()));
            for (S3Object object : page.contents()) {
                parseKey(object.key()).ifPresent(listed -> sequences.add(listed.sequence()));
            }
            token = Boolean.TRUE.equals(page.isTruncated()) ? page.nextContinuationToken() : null;
        } while (token != null);
        return sequences;
    }

    private Optional<Listed> parseKey(String key) {
        Matcher m = STATE_KEY.matcher(key.substring(statesPrefix.length()));
        if (!m.matches()) {
            return Optional.empty();
        }
        long sequence = Long.MAX_VALUE - Long.parseLong(m.group(1));
        return m.group(2).equals(Long.toString(sequence)) ? Optional.of(new Listed(sequence, key)) : Optional.empty();
    }

    /** One GET; empty when the object does not exist (for example pruned since it was listed). */
    Optional<byte[]> get(String key, Deadline deadline) {
        try {
            return Optional.of(call("read " + key, Expect.MISSING, deadline,
                    timeout -> client.getObjectAsBytes(b -> b.bucket(bucket).key(key).overrideConfiguration(timeout)))
                    .asByteArray());
        } catch (Missing e) {
            return Optional.empty();
        }
    }

    /**
     * One PUT of a new state that must not overwrite: with {@code If-None-Match: *} unless the
     * store rejects that header.
     *
     * @return true when created, false when the key exists (or a concurrent create is in flight)
     */
    boolean create(String key, byte[] bytes, ConditionalWrites mode, Deadline deadline) {
        PutObjectRequest.Builder request = PutObjectRequest.builder().bucket(bucket).key(key)
                .contentType("application/json");
        if (mode != ConditionalWrites.REJECTED) {
            request.ifNoneMatch("*");
        }
        try {
            call("write " + key, Expect.REFUSED, deadline,
                    timeout -> client.putObject(request.overrideConfiguration(timeout).build(), RequestBody.fromBytes(bytes)));
            return true;
        } catch (Refused e) {
            return false;
        }
    }

    void delete(String key, Deadline deadline) {
        try {
            call("delete " + key, Expect.MISSING, deadline,
                    timeout -> client.deleteObject(b -> b.bucket(bucket).key(key).overrideConfiguration(timeout)));
        } catch (Missing ignored) {
            // already gone
        }
    }

    /**
     * Creates a fresh probe object twice with {@code If-None-Match: *} and removes it: a store
     * that honours the header refuses the second create.
     */
    ConditionalWrites probeConditionalWrites(Deadline deadline) {
        String key = prefix + "probe-" + UUID.randomUUID() + ".json";
        byte[] bytes = "{\"probe\": \"conditional writes\"}\n".getBytes(StandardCharsets.UTF_8);
        try {
            if (!create(key, bytes, ConditionalWrites.HONOURED, deadline)) {
                throw new SmartMigrationException(ErrorCode.LEDGER_UNAVAILABLE, "the S3 store at " + endpoint()
                        + " refused to create the new object " + key + " with If-None-Match: * although it did not"
                        + " exist; the S3 ledger cannot work with this store. Use the Mongo ledger"
                        + " (.ledgerBackend(LedgerBackend.MONGO)) or another S3 store");
            }
            return create(key, bytes, ConditionalWrites.HONOURED, deadline) ? ConditionalWrites.IGNORED
                    : ConditionalWrites.HONOURED;
        } catch (SmartMigrationException e) {
            if (e.getCause() instanceof S3Exception s3 && rejectsHeader(s3)) {
                return ConditionalWrites.REJECTED;
            }
            throw e;
        } finally {
            try {
                delete(key, deadline);
            } catch (SmartMigrationException ignored) {
                // the probe object is harmless; the next prune does not touch it, an operator may
            }
        }
    }

    private static boolean rejectsHeader(S3Exception e) {
        String code = e.awsErrorDetails() == null ? "" : String.valueOf(e.awsErrorDetails().errorCode());
        return e.statusCode() == 501 || (e.statusCode() == 400
                && (code.equals("NotImplemented") || code.equals("InvalidArgument") || code.equals("InvalidRequest")));
    }

    /** A 404 on an object. */
    private static final class Missing extends RuntimeException {
        Missing() {
            super(null, null, false, false);
        }
    }

    /** A refused conditional write: 412 Precondition Failed, or 409 while another create is in flight. */
    private static final class Refused extends RuntimeException {
        Refused() {
            super(null, null, false, false);
        }
    }

    /** Which answer besides success a request may get without it being a failure. */
    private enum Expect {
        NOTHING, MISSING, REFUSED
    }

    private <T> T call(String what, Expect expect, Deadline deadline,
                       Function<AwsRequestOverrideConfiguration, T> request) {
        if (deadline.passed()) {
            throw timedOut(what, deadline, null);
        }
        try {
            return request.apply(AwsRequestOverrideConfiguration.builder()
                    .apiCallTimeout(Duration.ofMillis(deadline.remainingMillis())).build());
        } catch (NoSuchBucketException e) {
            throw missingBucket(e);
        } catch (S3Exception e) {
            String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
            if ("NoSuchBucket".equals(code)) {
                throw missingBucket(e);
            }
            if (expect == Expect.REFUSED && (e.statusCode() == 412 || e.statusCode() == 409)) {
                throw new Refused();
            }
            if (expect == Expect.MISSING && (e instanceof NoSuchKeyException || e.statusCode() == 404)) {
                throw new Missing();
            }
            if (e.statusCode() == 403) {
                throw new SmartMigrationException(ErrorCode.LEDGER_UNAVAILABLE, "access denied to bucket '" + bucket
                        + "' at " + endpoint() + " while trying to " + what + " (" + code + ", HTTP 403). "
                        + (expect == Expect.REFUSED || what.startsWith("delete")
                        ? "Writing the S3 ledger needs s3:ListBucket, s3:GetObject, s3:PutObject and s3:DeleteObject"
                        : "Reading the S3 ledger needs s3:ListBucket and s3:GetObject") + " on " + location(), e);
            }
            throw unavailable(what, deadline, e);
        } catch (RuntimeException e) {
            // SdkException, and what else a request can throw (a closed client's IllegalStateException)
            throw unavailable(what, deadline, e);
        }
    }

    private SmartMigrationException missingBucket(S3Exception e) {
        return new SmartMigrationException(ErrorCode.INVALID_CONFIG, "the bucket '" + bucket + "' does not exist at "
                + endpoint() + ": create it, or pass an existing bucket with .s3(s3Client, \"bucket\")", e);
    }

    private SmartMigrationException unavailable(String what, Deadline deadline, RuntimeException e) {
        if (deadline.passed()) {
            return timedOut(what, deadline, e);
        }
        return new SmartMigrationException(ErrorCode.LEDGER_UNAVAILABLE, "could not " + what + " in bucket '" + bucket
                + "' at " + endpoint() + ": " + e.getClass().getSimpleName() + ": " + LogText.cut(e.getMessage())
                + ". Check that S3 is reachable at " + endpoint() + " and that the credentials are valid", e);
    }

    private SmartMigrationException timedOut(String what, Deadline deadline, RuntimeException e) {
        return new SmartMigrationException(ErrorCode.LEDGER_UNAVAILABLE, "could not " + what + " in bucket '" + bucket
                + "' at " + endpoint() + " within " + deadline.budget().toMillis() + " ms (a ledger call is bounded by"
                + " the lease, lockTtl, or the time left on it)" + (e == null ? "" : ": " + e.getClass().getSimpleName()
                + ": " + LogText.cut(e.getMessage())) + ". Check that S3 is reachable at " + endpoint(), e);
    }
}
