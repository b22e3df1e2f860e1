package io.smartmigration.test;

import io.smartmigration.test.internal.Json;
import com.mongodb.client.MongoDatabase;
import io.smartmigration.test.DataSnapshot.CollectionSnapshot;
import io.smartmigration.test.DataSnapshot.ObjectSnapshot;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.bson.BsonDocument;
import org.bson.BsonValue;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.S3Object;

/** Reads a database and a bucket into snapshot parts, leaving the ledger out. */
final class SnapshotReader {

    public static final String LEDGER_COLLECTION = "smartmigration_ledger";
    public static final String LEDGER_PREFIX = ".smartmigration/";

    private SnapshotReader() {
    }

    public static Map<String, CollectionSnapshot> collections(MongoDatabase database) {
        Map<String, CollectionSnapshot> collections = new TreeMap<>();
        for (String name : database.listCollectionNames()) {
            if (isLedgerOrSystem(name)) {
                continue;
            }
            List<BsonDocument> documents = database.getCollection(name, BsonDocument.class).find()
                    .into(new ArrayList<>());
            List<String> canonical = documents.stream()
                    .sorted(Comparator.comparing(d -> idKey(d.get("_id"))))
                    .map(Json::canonical)
                    .toList();
            List<BsonDocument> indexSpecs = database.getCollection(name).listIndexes(BsonDocument.class)
                    .into(new ArrayList<>());
            List<String> indexes = indexSpecs.stream()
                    .map(SnapshotReader::indexSpec)
                    .sorted(Comparator.comparing(i -> i.getString("name", new org.bson.BsonString("")).getValue()))
                    .map(Json::canonical)
                    .toList();
            collections.put(name, new CollectionSnapshot(name, canonical, indexes));
        }
        return collections;
    }

    public static boolean isLedgerOrSystem(String collection) {
        return collection.equals(LEDGER_COLLECTION) || collection.startsWith("system.");
    }

    /** The sort key of an {@code _id}: its canonical JSON ({@code null} for documents without one). */
    static String idKey(BsonValue id) {
        return id == null ? "" : Json.canonical(id);
    }

    private static BsonDocument indexSpec(BsonDocument raw) {
        BsonDocument spec = raw.clone();
        spec.remove("v");
        spec.remove("ns");
        return spec;
    }

    public static Map<String, ObjectSnapshot> objects(S3Client s3, String bucket) {
        Map<String, ObjectSnapshot> objects = new TreeMap<>();
        String token = null;
        do {
            ListObjectsV2Request.Builder request = ListObjectsV2Request.builder().bucket(bucket);
            if (token != null) {
                request.continuationToken(token);
            }
            ListObjectsV2Response page = s3.listObjectsV2(request.build());
            for (S3Object object : page.contents()) {
                if (object.key().startsWith(LEDGER_PREFIX)) {
                    continue;
                }
                ResponseBytes<GetObjectResponse> bytes = s3.getObjectAsBytes(b -> b.bucket(bucket).key(object.key()));
                GetObjectResponse response = bytes.response();
                byte[] content = bytes.asByteArray();
                objects.put(object.key(), new ObjectSnapshot(object.key(), sha256(content), content.length,
                        response.contentType(), response.metadata()));
            }
            token = Boolean.TRUE.equals(page.isTruncated()) ? page.nextContinuationToken() : null;
        } while (token != null);
        return objects;
    }

    static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
    }
}
