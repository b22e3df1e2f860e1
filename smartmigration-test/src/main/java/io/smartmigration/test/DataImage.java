package io.smartmigration.test;

import com.mongodb.client.MongoDatabase;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.BsonString;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A full copy of a test's data, the ledger excluded: every document as stored (in the order the
 * server returns them), every index, every object with its bytes, content type and metadata.
 * The generated checks capture one before each step of the clean run and restore it for each
 * check of that step, instead of seeding the fixture and running the earlier steps again.
 *
 * @param collections documents by collection name, in the server's natural order
 * @param indexes     index specifications (as {@code listIndexes} returns them, without {@code v}
 *                    and {@code ns}) by collection name
 */
record DataImage(Map<String, List<BsonDocument>> collections, Map<String, List<BsonDocument>> indexes,
                        List<ObjectImage> objects) {

    /** One object, bytes included. */
    public record ObjectImage(String key, byte[] content, String contentType, Map<String, String> metadata) {

        boolean sameAs(ObjectImage other) {
            return other != null && java.util.Arrays.equals(content, other.content) && contentType.equals(other.contentType)
                    && metadata.equals(other.metadata);
        }
    }

    public DataImage {
        collections = copy(collections);
        indexes = copy(indexes);
        objects = List.copyOf(objects);
    }

    private static Map<String, List<BsonDocument>> copy(Map<String, List<BsonDocument>> map) {
        Map<String, List<BsonDocument>> copy = new LinkedHashMap<>();
        map.forEach((k, v) -> copy.put(k, List.copyOf(v)));
        return java.util.Collections.unmodifiableMap(copy);
    }

    /** Reads {@code database} (when present) and {@code bucket} (when present). */
    public static DataImage capture(Optional<MongoDatabase> database, Optional<S3Client> s3, Optional<String> bucket) {
        Map<String, List<BsonDocument>> collections = new LinkedHashMap<>();
        Map<String, List<BsonDocument>> indexes = new LinkedHashMap<>();
        if (database.isPresent()) {
            MongoDatabase db = database.get();
            List<String> names = db.listCollectionNames().into(new ArrayList<>());
            names.sort(null);
            for (String name : names) {
                if (SnapshotReader.isLedgerOrSystem(name)) {
                    continue;
                }
                collections.put(name, db.getCollection(name, BsonDocument.class).find().into(new ArrayList<>()));
                List<BsonDocument> specs = new ArrayList<>();
                for (BsonDocument raw : db.getCollection(name).listIndexes(BsonDocument.class)) {
                    BsonDocument spec = raw.clone();
                    spec.remove("v");
                    spec.remove("ns");
                    specs.add(spec);
                }
                indexes.put(name, specs);
            }
        }
        List<ObjectImage> objects = new ArrayList<>();
        if (s3.isPresent() && bucket.isPresent()) {
            objects.addAll(objects(s3.get(), bucket.get()));
        }
        return new DataImage(collections, indexes, objects);
    }

    private static List<ObjectImage> objects(S3Client s3, String bucket) {
        List<ObjectImage> objects = new ArrayList<>();
        String token = null;
        do {
            ListObjectsV2Request.Builder request = ListObjectsV2Request.builder().bucket(bucket);
            if (token != null) {
                request.continuationToken(token);
            }
            ListObjectsV2Response page = s3.listObjectsV2(request.build());
            for (S3Object object : page.contents()) {
                if (object.key().startsWith(SnapshotReader.LEDGER_PREFIX)) {
                    continue;
                }
                ResponseBytes<GetObjectResponse> bytes = s3.getObjectAsBytes(b -> b.bucket(bucket).key(object.key()));
                GetObjectResponse response = bytes.response();
                objects.add(new ObjectImage(object.key(), bytes.asByteArray(),
                        response.contentType() == null ? "" : response.contentType(), response.metadata()));
            }
            token = Boolean.TRUE.equals(page.isTruncated()) ? page.nextContinuationToken() : null;
        } while (token != null);
        return objects;
    }

    /**
     * Writes this image into an empty database and bucket (the ledger is the caller's business).
     *
     * @param objectsNow what the bucket holds now, exactly, when known: then only the objects that
     *                   differ are written or deleted, and the bucket need not be empty
     */
    public void restore(Optional<MongoDatabase> database, Optional<S3Client> s3, Optional<String> bucket,
                        Optional<List<ObjectImage>> objectsNow) {
        if (database.isPresent()) {
            MongoDatabase db = database.get();
            for (Map.Entry<String, List<BsonDocument>> collection : collections.entrySet()) {
                String name = collection.getKey();
                if (collection.getValue().isEmpty()) {
                    db.createCollection(name);
                } else {
                    db.getCollection(name, BsonDocument.class).insertMany(collection.getValue());
                }
                BsonArray specs = new BsonArray();
                for (BsonDocument spec : indexes.getOrDefault(name, List.of())) {
                    if (!"_id_".equals(spec.getString("name", new BsonString("")).getValue())) {
                        specs.add(spec);
                    }
                }
                if (!specs.isEmpty()) {
                    db.runCommand(new BsonDocument("createIndexes", new BsonString(name)).append("indexes", specs));
                }
            }
        }
        if (s3.isPresent() && bucket.isPresent()) {
            Map<String, ObjectImage> now = new LinkedHashMap<>();
            objectsNow.ifPresent(list -> list.forEach(o -> now.put(o.key(), o)));
            Map<String, ObjectImage> wanted = new LinkedHashMap<>();
            objects.forEach(o -> wanted.put(o.key(), o));
            TestResources.deleteKeys(s3.get(), bucket.get(), now.keySet().stream().filter(k -> !wanted.containsKey(k))
                    .toList());
            for (ObjectImage object : objects) {
                if (object.sameAs(now.get(object.key()))) {
                    continue;
                }
                s3.get().putObject(b -> b.bucket(bucket.get()).key(object.key())
                                .contentType(object.contentType().isEmpty() ? null : object.contentType())
                                .metadata(object.metadata()),
                        RequestBody.fromBytes(object.content()));
            }
        }
    }
}
