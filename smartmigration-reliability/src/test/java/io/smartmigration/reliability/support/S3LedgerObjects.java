package io.smartmigration.reliability.support;

import io.smartmigration.LedgerContents;
import io.smartmigration.MigrationLedger;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The S3 ledger of a bucket as the tests see it: read through {@link MigrationLedger} (version, history,
 * lock), or as the raw objects under {@code .smartmigration/} (to prove that nothing was written,
 * and to damage its newest state).
 */
public final class S3LedgerObjects {

    public static final String ROOT = ".smartmigration/";
    public static final String STATES = ROOT + "smartmigration/states/";

    private final S3Client client;
    private final String bucket;

    public S3LedgerObjects(S3Client client, String bucket) {
        this.client = client;
        this.bucket = bucket;
    }

    /** Every object under {@code .smartmigration/}: key -> its exact bytes, in Base64. */
    public Map<String, String> all() {
        Map<String, String> out = new TreeMap<>();
        for (S3Object o : client.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(ROOT)).contents()) {
            out.put(o.key(), Base64.getEncoder().encodeToString(
                    client.getObjectAsBytes(b -> b.bucket(bucket).key(o.key())).asByteArray()));
        }
        return out;
    }

    /** The key of the newest ledger state (state keys sort newest first). */
    public String newestStateKey() {
        return client.listObjectsV2(b -> b.bucket(bucket).prefix(STATES).maxKeys(1)).contents().get(0).key();
    }

    public String read(String key) {
        return client.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asUtf8String();
    }

    /** Overwrites an object (no condition), as a careless operator or a broken tool would. */
    public void overwrite(String key, byte[] content) {
        client.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromBytes(content));
    }

    public Optional<LedgerContents> state() {
        return MigrationLedger.s3(client, bucket).build().read();
    }

    public Optional<String> currentVersion() {
        return state().flatMap(LedgerContents::currentVersion);
    }

    /** {@code stepId:STATUS} per history entry, oldest first. */
    public List<String> history() {
        return state().map(s -> s.history().stream().map(h -> h.stepId() + ":" + h.status()).toList()).orElse(List.of());
    }

    public boolean locked() {
        return state().flatMap(LedgerContents::lock).isPresent();
    }

    public String describe() {
        return state().map(Object::toString).orElse("(no ledger)");
    }
}
