package io.smartmigration.test;

import io.smartmigration.test.internal.Json;
import com.mongodb.client.MongoDatabase;
import io.smartmigration.test.DataSnapshot.CollectionSnapshot;
import io.smartmigration.test.DataSnapshot.ObjectSnapshot;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.bson.BsonValue;
import software.amazon.awssdk.services.s3.S3Client;

/** Reads a database and a bucket into snapshot parts, leaving the ledger out. */
final class SnapshotReader {

    public static final String LEDGER_COLLECTION = "smartmigration_ledger";
    public static final String LEDGER_PREFIX = ".smartmigration/";

    private SnapshotReader() {
    }

    public static Map<String, CollectionSnapshot> collections(MongoDatabase database) {
        return collections(DataImage.capture(java.util.Optional.of(database), java.util.Optional.empty(),
                java.util.Optional.empty()));
    }

    /** The collections of an image: documents in {@code _id} order, indexes in name order. */
    public static Map<String, CollectionSnapshot> collections(DataImage image) {
        Map<String, CollectionSnapshot> collections = new TreeMap<>();
        image.collections().forEach((name, documents) -> {
            List<String> canonical = documents.stream()
                    .sorted(Comparator.comparing(d -> idKey(d.get("_id"))))
                    .map(Json::canonical)
                    .toList();
            List<String> indexes = image.indexes().getOrDefault(name, List.of()).stream()
                    .sorted(Comparator.comparing(i -> i.getString("name", new org.bson.BsonString("")).getValue()))
                    .map(Json::canonicalIndex)
                    .toList();
            collections.put(name, new CollectionSnapshot(name, canonical, indexes));
        });
        return collections;
    }

    public static boolean isLedgerOrSystem(String collection) {
        return collection.equals(LEDGER_COLLECTION) || collection.startsWith("system.");
    }

    /** The sort key of an {@code _id}: its canonical JSON ({@code null} for documents without one). */
    static String idKey(BsonValue id) {
        return id == null ? "" : Json.canonicalId(id);
    }

    public static Map<String, ObjectSnapshot> objects(S3Client s3, String bucket) {
        return objects(DataImage.capture(java.util.Optional.empty(), java.util.Optional.of(s3),
                java.util.Optional.of(bucket)));
    }

    /** The objects of an image; the bytes of those up to {@value #CONTENT_KEPT_UP_TO} bytes are kept for diffs. */
    public static Map<String, ObjectSnapshot> objects(DataImage image) {
        Map<String, ObjectSnapshot> objects = new TreeMap<>();
        for (DataImage.ObjectImage o : image.objects()) {
            byte[] content = o.content();
            objects.put(o.key(), new ObjectSnapshot(o.key(), sha256(content), content.length, o.contentType(),
                    o.metadata(), content.length <= CONTENT_KEPT_UP_TO ? java.util.Optional.of(content)
                    : java.util.Optional.empty()));
        }
        return objects;
    }

    /** Objects up to this size keep their bytes in a snapshot, so a diff can show what changed. */
    public static final int CONTENT_KEPT_UP_TO = 1 << 20;

    static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
    }
}
