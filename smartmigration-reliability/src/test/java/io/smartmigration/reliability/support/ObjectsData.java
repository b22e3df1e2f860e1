package io.smartmigration.reliability.support;

import com.mongodb.client.MongoClient;
import io.smartmigration.reliability.app.Chains;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/** The objects of the {@code objects} chain: seeding {@code in/}, and what a run left under {@code out/}. */
public final class ObjectsData {

    private ObjectsData() {
    }

    /** The key of source object {@code i}: zero-padded, so key order is numeric order. */
    public static String key(int i) {
        return Chains.IN_PREFIX + String.format(Locale.ROOT, "obj-%06d", i);
    }

    /** The number in a key written by {@link #key(int)} (or its out/ copy). */
    public static long position(String key) {
        return Long.parseLong(key.substring(key.lastIndexOf('-') + 1));
    }

    /** PUTs objects 1..count under {@code in/} into each bucket, 4 requests at a time. */
    public static void seed(S3Client s3, int count, String... buckets) throws Exception {
        if (buckets.length == 0) {
            throw new IllegalArgumentException("no bucket to seed");
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> puts = new ArrayList<>();
            for (String bucket : buckets) {
                for (int i = 1; i <= count; i++) {
                    String key = key(i);
                    String body = "source object " + i;
                    puts.add(pool.submit(() -> s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromString(body))));
                }
            }
            for (Future<?> put : puts) {
                put.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** Every object under {@code prefix}: key without the prefix -> ETag (the MD5 of its content). */
    public static Map<String, String> outputs(S3Client s3, String bucket, String prefix) {
        Map<String, String> out = new TreeMap<>();
        for (S3Object o : s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix)).contents()) {
            out.put(o.key().substring(prefix.length()), o.eTag());
        }
        return out;
    }

    /** Source key -> visits, from the Mongo collection {@code objectVisits} (0 when never visited). */
    public static Map<Long, Integer> visits(MongoClient client, String database, int count) {
        Map<Long, Integer> out = new LinkedHashMap<>();
        for (int i = 1; i <= count; i++) {
            out.put((long) i, 0);
        }
        for (Document d : client.getDatabase(database).getCollection(Chains.OBJECT_VISITS).find()) {
            out.put(position(d.getString("_id")), d.getInteger("visits"));
        }
        return out;
    }
}
