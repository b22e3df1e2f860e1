package io.smartmigration.test;

import io.smartmigration.test.internal.Json;
import io.smartmigration.test.DataSnapshot.CollectionSnapshot;
import io.smartmigration.test.DataSnapshot.ObjectSnapshot;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.BsonValue;

/**
 * Fields left out of a comparison of snapshots: those a user accepts as non-deterministic
 * ({@code MigrationChecks.ignoringFields}) and those two clean runs were seen to disagree on.
 *
 * @param fields     dotted field paths by collection ({@code "migratedAt"}, {@code "audit.at"};
 *                   through arrays, a path applies to every element); {@code "_id"} compares a
 *                   collection's documents without their ids, as a multiset
 * @param objectKeys objects whose content is not compared (presence, type and metadata still are)
 */
record FieldMask(Map<String, Set<String>> fields, Set<String> objectKeys) {

    private static final String NOT_COMPARED = "(not compared)";

    public FieldMask {
        Map<String, Set<String>> copy = new TreeMap<>();
        fields.forEach((c, f) -> {
            if (!f.isEmpty()) {
                copy.put(c, Collections.unmodifiableSet(new TreeSet<>(f)));
            }
        });
        fields = Collections.unmodifiableMap(copy);
        objectKeys = Collections.unmodifiableSet(new TreeSet<>(objectKeys));
    }

    public static FieldMask none() {
        return new FieldMask(Map.of(), Set.of());
    }

    public boolean isEmpty() {
        return fields.isEmpty() && objectKeys.isEmpty();
    }

    public FieldMask plus(FieldMask other) {
        Map<String, Set<String>> all = new TreeMap<>();
        fields.forEach((c, f) -> all.computeIfAbsent(c, k -> new TreeSet<>()).addAll(f));
        other.fields.forEach((c, f) -> all.computeIfAbsent(c, k -> new TreeSet<>()).addAll(f));
        Set<String> keys = new TreeSet<>(objectKeys);
        keys.addAll(other.objectKeys);
        return new FieldMask(all, keys);
    }

    /** "users.migratedAt, audit._id, object reports/today.json". */
    public String describe() {
        List<String> parts = new ArrayList<>();
        fields.forEach((c, f) -> f.forEach(path -> parts.add(c + "." + path)));
        objectKeys.forEach(k -> parts.add("object " + k));
        return String.join(", ", parts);
    }

    /** {@code snapshot} without the masked fields and object contents. */
    public DataSnapshot apply(DataSnapshot snapshot) {
        if (isEmpty()) {
            return snapshot;
        }
        List<CollectionSnapshot> collections = new ArrayList<>();
        for (CollectionSnapshot c : snapshot.collections().values()) {
            Set<String> masked = fields.getOrDefault(c.name(), Set.of());
            if (masked.isEmpty()) {
                collections.add(c);
                continue;
            }
            List<String> documents = new ArrayList<>();
            for (String json : c.documents()) {
                BsonDocument document = BsonDocument.parse(json);
                masked.forEach(path -> remove(document, path.split("\\.")));
                documents.add(Json.canonical(document));
            }
            if (masked.contains("_id")) {
                documents.sort(Comparator.naturalOrder());
            }
            collections.add(new CollectionSnapshot(c.name(), documents, c.indexes()));
        }
        List<ObjectSnapshot> objects = new ArrayList<>();
        for (ObjectSnapshot o : snapshot.objects().values()) {
            objects.add(objectKeys.contains(o.key())
                    ? new ObjectSnapshot(o.key(), NOT_COMPARED, 0, o.contentType(), o.metadata()) : o);
        }
        return DataSnapshot.of(collections, objects);
    }

    private static void remove(BsonValue value, String[] path) {
        if (value.isArray()) {
            value.asArray().forEach(element -> remove(element, path));
            return;
        }
        if (!value.isDocument()) {
            return;
        }
        BsonDocument document = value.asDocument();
        if (path.length == 1) {
            document.remove(path[0]);
            return;
        }
        BsonValue inner = document.get(path[0]);
        if (inner != null) {
            remove(inner, java.util.Arrays.copyOfRange(path, 1, path.length));
        }
    }

    /**
     * The fields and objects on which two snapshots of the same run from the same data differ: the
     * paths of changed values of documents with the same {@code _id}, {@code _id} itself where some
     * documents of a collection have an id in one snapshot only (and then the fields that differ
     * between those documents paired in content order), and the keys of objects whose content differs.
     */
    public static FieldMask between(DataSnapshot a, DataSnapshot b) {
        Map<String, Set<String>> fields = new LinkedHashMap<>();
        for (CollectionSnapshot x : a.collections().values()) {
            CollectionSnapshot y = b.collections().get(x.name());
            if (y == null) {
                continue;
            }
            Set<String> paths = new TreeSet<>();
            Map<String, BsonDocument> xs = SnapshotDiff.byId(x.documents());
            Map<String, BsonDocument> ys = SnapshotDiff.byId(y.documents());
            List<BsonDocument> onlyX = new ArrayList<>();
            xs.forEach((id, d) -> {
                BsonDocument other = ys.get(id);
                if (other == null) {
                    onlyX.add(d);
                } else {
                    paths(d, other, "", paths);
                }
            });
            List<BsonDocument> onlyY = ys.entrySet().stream().filter(e -> !xs.containsKey(e.getKey()))
                    .map(Map.Entry::getValue).collect(Collectors.toCollection(ArrayList::new));
            if (!onlyX.isEmpty() || !onlyY.isEmpty()) {
                paths.add("_id");
                List<BsonDocument> px = withoutIds(onlyX);
                List<BsonDocument> py = withoutIds(onlyY);
                for (int i = 0; i < Math.min(px.size(), py.size()); i++) {
                    paths(px.get(i), py.get(i), "", paths);
                }
            }
            if (!paths.isEmpty()) {
                fields.put(x.name(), paths);
            }
        }
        Set<String> keys = new TreeSet<>();
        a.objects().forEach((key, o) -> {
            ObjectSnapshot other = b.objects().get(key);
            if (other != null && !other.sha256().equals(o.sha256())) {
                keys.add(key);
            }
        });
        return new FieldMask(fields, keys);
    }

    private static List<BsonDocument> withoutIds(List<BsonDocument> documents) {
        List<BsonDocument> out = new ArrayList<>();
        for (BsonDocument d : documents) {
            BsonDocument copy = d.clone();
            copy.remove("_id");
            out.add(copy);
        }
        out.sort(Comparator.comparing(Json::canonical));
        return out;
    }

    private static void paths(BsonValue x, BsonValue y, String path, Set<String> out) {
        if (x.equals(y)) {
            return;
        }
        if (x.isDocument() && y.isDocument()) {
            Set<String> names = new TreeSet<>(x.asDocument().keySet());
            names.addAll(y.asDocument().keySet());
            for (String name : names) {
                BsonValue a = x.asDocument().get(name);
                BsonValue b = y.asDocument().get(name);
                String p = path.isEmpty() ? name : path + "." + name;
                if (a == null || b == null) {
                    out.add(p);
                } else {
                    paths(a, b, p, out);
                }
            }
        } else if (x.isArray() && y.isArray() && x.asArray().size() == y.asArray().size() && !path.isEmpty()) {
            BsonArray xs = x.asArray();
            BsonArray ys = y.asArray();
            for (int i = 0; i < xs.size(); i++) {
                paths(xs.get(i), ys.get(i), path, out);
            }
        } else {
            out.add(path);
        }
    }
}
