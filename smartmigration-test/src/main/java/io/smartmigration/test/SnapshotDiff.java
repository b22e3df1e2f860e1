package io.smartmigration.test;

import io.smartmigration.test.internal.Json;
import io.smartmigration.test.DataSnapshot.CollectionSnapshot;
import io.smartmigration.test.DataSnapshot.ObjectSnapshot;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.BsonValue;

/**
 * The readable difference between two snapshots, one line per difference:
 * <pre>
 * collection audit: added (3 documents)
 * users {_id: 3}: field status: "active" → missing
 * users {_id: 4}: document added {"_id": 4, "name": "d"}
 * users: index {"key": {"email": 1}, "name": "email_1", "unique": true} added
 * object avatars/1.png: content changed, 12 → 14 bytes, first difference at byte 3: …01 02 [03] 04… → …01 02 [07] 04… (sha256 9f86d081… → 60303ae2…)
 * object notes/1.txt: line 2: "draft" → "final"
 * object notes/1.json (JSON): field status: "draft" → "final"
 * object avatars/1.png: metadata owner: "a" → missing
 * </pre>
 */
final class SnapshotDiff {

    private static final int MAX_VALUE = 160;
    /** How many lines a failure message shows before "... and N more". */
    public static final int MAX_LINES_IN_MESSAGE = 40;

    private SnapshotDiff() {
    }

    public static List<String> between(DataSnapshot before, DataSnapshot after) {
        List<String> lines = new ArrayList<>();
        Set<String> names = new TreeSet<>(before.collections().keySet());
        names.addAll(after.collections().keySet());
        for (String name : names) {
            CollectionSnapshot a = before.collections().get(name);
            CollectionSnapshot b = after.collections().get(name);
            if (a == null) {
                lines.add("collection " + name + ": added (" + count(b) + ")");
            } else if (b == null) {
                lines.add("collection " + name + ": removed (" + count(a) + ")");
            } else {
                documents(name, a.documents(), b.documents(), lines);
                indexes(name, a.indexes(), b.indexes(), lines);
            }
        }
        Set<String> keys = new TreeSet<>(before.objects().keySet());
        keys.addAll(after.objects().keySet());
        for (String key : keys) {
            objects(key, before.objects().get(key), after.objects().get(key), lines);
        }
        return List.copyOf(lines);
    }

    /** The lines joined for a failure message, at most {@link #MAX_LINES_IN_MESSAGE} of them. */
    public static String format(List<String> lines) {
        StringBuilder out = new StringBuilder();
        int shown = Math.min(lines.size(), MAX_LINES_IN_MESSAGE);
        for (int i = 0; i < shown; i++) {
            out.append("\n  ").append(lines.get(i));
        }
        if (lines.size() > shown) {
            out.append("\n  ... and ").append(lines.size() - shown).append(" more difference(s)");
        }
        return out.toString();
    }

    private static String count(CollectionSnapshot c) {
        return c.documents().size() + (c.documents().size() == 1 ? " document" : " documents");
    }

    private static void documents(String collection, List<String> before, List<String> after, List<String> lines) {
        Map<String, BsonDocument> a = byId(before);
        Map<String, BsonDocument> b = byId(after);
        Set<String> ids = new TreeSet<>(a.keySet());
        ids.addAll(b.keySet());
        for (String id : ids) {
            BsonDocument x = a.get(id);
            BsonDocument y = b.get(id);
            BsonDocument any = x != null ? x : y;
            String where = collection + " {_id: " + (any.containsKey("_id") ? Json.relaxed(any.get("_id")) : "none") + "}";
            if (x == null) {
                lines.add(where + ": document added " + shorten(Json.relaxed(y)));
            } else if (y == null) {
                lines.add(where + ": document removed " + shorten(Json.relaxed(x)));
            } else if (!x.equals(y)) {
                fields(where, "", x, y, lines);
            }
        }
    }

    /** Documents by the sort key of their {@code _id}; a store without unique ids keeps every document. */
    static Map<String, BsonDocument> byId(List<String> documents) {
        Map<String, BsonDocument> byId = new LinkedHashMap<>();
        for (String json : documents) {
            BsonDocument document = BsonDocument.parse(json);
            String key = SnapshotReader.idKey(document.get("_id"));
            while (byId.containsKey(key)) {
                key = key + "'";   // a store without unique _id: keep every document
            }
            byId.put(key, document);
        }
        return byId;
    }

    private static void fields(String where, String prefix, BsonDocument a, BsonDocument b, List<String> lines) {
        Set<String> names = new TreeSet<>(a.keySet());
        names.addAll(b.keySet());
        for (String name : names) {
            compare(where, prefix + name, a.get(name), b.get(name), lines);
        }
    }

    private static void compare(String where, String path, BsonValue x, BsonValue y, List<String> lines) {
        if (x != null && x.equals(y)) {
            return;
        }
        if (x != null && y != null && x.isDocument() && y.isDocument()) {
            fields(where, path + ".", x.asDocument(), y.asDocument(), lines);
        } else if (x != null && y != null && x.isArray() && y.isArray() && x.asArray().size() == y.asArray().size()) {
            BsonArray xs = x.asArray();
            BsonArray ys = y.asArray();
            for (int i = 0; i < xs.size(); i++) {
                compare(where, path + "[" + i + "]", xs.get(i), ys.get(i), lines);
            }
        } else {
            lines.add(where + ": field " + path + ": " + values(x, y));
        }
    }

    private static String values(BsonValue x, BsonValue y) {
        if (x != null && y != null && x.isString() && y.isString()
                && (x.asString().getValue().length() > MAX_VALUE || y.asString().getValue().length() > MAX_VALUE)) {
            return Excerpts.strings(x.asString().getValue(), y.asString().getValue());
        }
        if (x != null && y != null && x.isBinary() && y.isBinary() && x.asBinary().getType() == y.asBinary().getType()) {
            return Excerpts.bytes(x.asBinary().getData(), y.asBinary().getData());
        }
        String a = x == null ? "missing" : shorten(Json.relaxed(x));
        String b = y == null ? "missing" : shorten(Json.relaxed(y));
        if (a.equals(b) && x != null && y != null) {
            // same text, different BSON types (1 and 1L): show the types
            a = shorten(Json.canonical(x));
            b = shorten(Json.canonical(y));
        }
        return a + " → " + b;
    }

    private static void indexes(String collection, List<String> before, List<String> after, List<String> lines) {
        for (String index : before) {
            if (!after.contains(index)) {
                lines.add(collection + ": index " + index + " removed");
            }
        }
        for (String index : after) {
            if (!before.contains(index)) {
                lines.add(collection + ": index " + index + " added");
            }
        }
    }

    private static void objects(String key, ObjectSnapshot a, ObjectSnapshot b, List<String> lines) {
        String where = "object " + key;
        if (a == null) {
            lines.add(where + ": added (" + b.size() + " bytes, " + type(b) + ")");
            return;
        }
        if (b == null) {
            lines.add(where + ": removed (" + a.size() + " bytes, " + type(a) + ")");
            return;
        }
        if (!a.sha256().equals(b.sha256()) || a.size() != b.size()) {
            content(where, a, b, lines);
        }
        if (!a.contentType().equals(b.contentType())) {
            lines.add(where + ": content type \"" + a.contentType() + "\" → \"" + b.contentType() + "\"");
        }
        Set<String> names = new TreeSet<>(a.metadata().keySet());
        names.addAll(b.metadata().keySet());
        for (String name : names) {
            String x = a.metadata().get(name);
            String y = b.metadata().get(name);
            if (x == null || !x.equals(y)) {
                lines.add(where + ": metadata " + name + ": " + quote(x) + " → " + quote(y));
            }
        }
    }

    /** What changed in an object's bytes: fields for JSON, lines for other text, an excerpt for binaries. */
    private static void content(String where, ObjectSnapshot a, ObjectSnapshot b, List<String> lines) {
        if (a.content().isEmpty() || b.content().isEmpty()) {
            lines.add(where + ": content changed (sha256 " + a.sha256().substring(0, Math.min(8, a.sha256().length()))
                    + "… → " + b.sha256().substring(0, Math.min(8, b.sha256().length())) + "…, " + a.size() + " → "
                    + b.size() + " bytes)");
            return;
        }
        byte[] x = a.content().get();
        byte[] y = b.content().get();
        if (Excerpts.isText(a.contentType()) && Excerpts.isText(b.contentType())) {
            Optional<String> textX = Excerpts.utf8(x);
            Optional<String> textY = Excerpts.utf8(y);
            if (textX.isPresent() && textY.isPresent()) {
                if (Excerpts.isJson(a.contentType()) && jsonFields(where, textX.get(), textY.get(), lines)) {
                    return;
                }
                Excerpts.lines(textX.get(), textY.get()).forEach(line -> lines.add(where + ": " + line));
                return;
            }
        }
        lines.add(where + ": content changed, " + Excerpts.bytes(x, y));
    }

    /** Adds a field diff of two JSON documents; false when either is not a JSON object. */
    private static boolean jsonFields(String where, String x, String y, List<String> lines) {
        BsonDocument a;
        BsonDocument b;
        try {
            a = BsonDocument.parse(x);
            b = BsonDocument.parse(y);
        } catch (RuntimeException e) {
            return false;
        }
        int before = lines.size();
        fields(where + " (JSON)", "", a, b, lines);
        if (lines.size() == before) {
            lines.add(where + ": content changed, same JSON fields and values (" + Excerpts.bytes(x.getBytes(
                    java.nio.charset.StandardCharsets.UTF_8), y.getBytes(java.nio.charset.StandardCharsets.UTF_8)) + ")");
        }
        return true;
    }

    private static String type(ObjectSnapshot o) {
        return o.contentType().isEmpty() ? "no content type" : o.contentType();
    }

    private static String quote(String value) {
        return value == null ? "missing" : "\"" + value + "\"";
    }

    private static String shorten(String text) {
        return text.length() <= MAX_VALUE ? text : text.substring(0, MAX_VALUE) + "…";
    }
}
