package io.smartmigration.reliability.support;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Sorts;
import io.smartmigration.reliability.app.Chains;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bson.Document;

/** The {@code items} collection of the {@code items} chain: seeding, and what a run left in it. */
public final class ItemsData {

    private ItemsData() {
    }

    /** Inserts {@code {_id: i, n: i}} for i = 1..count. */
    public static void seed(MongoClient client, String database, int count) {
        MongoCollection<Document> items = client.getDatabase(database).getCollection(Chains.ITEMS);
        List<Document> chunk = new ArrayList<>(1000);
        for (int i = 1; i <= count; i++) {
            chunk.add(new Document("_id", i).append("n", i));
            if (chunk.size() == 1000 || i == count) {
                items.insertMany(chunk);
                chunk.clear();
            }
        }
    }

    /** Every item in {@code _id} order without its {@code visits} counter: the idempotent output. */
    public static List<Document> withoutVisits(MongoClient client, String database) {
        List<Document> out = new ArrayList<>();
        for (Document d : client.getDatabase(database).getCollection(Chains.ITEMS).find().sort(Sorts.ascending("_id"))) {
            d.remove("visits");
            out.add(d);
        }
        return out;
    }

    /** {@code _id -> visits} (0 when never visited). */
    public static Map<Long, Integer> visits(MongoClient client, String database) {
        Map<Long, Integer> out = new LinkedHashMap<>();
        for (Document d : client.getDatabase(database).getCollection(Chains.ITEMS).find().sort(Sorts.ascending("_id"))) {
            out.put(((Number) d.get("_id")).longValue(), d.getInteger("visits", 0));
        }
        return out;
    }
}
