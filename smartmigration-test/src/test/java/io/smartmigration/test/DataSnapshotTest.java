package io.smartmigration.test;

import static org.assertj.core.api.Assertions.assertThat;

import io.smartmigration.test.DataSnapshot.CollectionSnapshot;
import io.smartmigration.test.DataSnapshot.ObjectSnapshot;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("DataSnapshot.diff")
class DataSnapshotTest {

    private static DataSnapshot users(String... documents) {
        return DataSnapshot.of(List.of(new CollectionSnapshot("users", List.of(documents), List.of())), List.of());
    }

    private static DataSnapshot objects(ObjectSnapshot... objects) {
        return DataSnapshot.of(List.of(), List.of(objects));
    }

    @Test
    @DisplayName("equal snapshots have no difference and are equal")
    void equalSnapshots() {
        DataSnapshot a = users("{\"_id\": 1, \"name\": \"ann\"}");
        DataSnapshot b = users("{\"_id\": 1, \"name\": \"ann\"}");

        assertThat(a.diff(b)).isEmpty();
        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
    }

    @Test
    @DisplayName("a field that disappears reads: collection {_id}: field name: value → missing")
    void removedField() {
        assertThat(users("{\"_id\": 3, \"status\": \"active\"}").diff(users("{\"_id\": 3}")))
                .containsExactly("users {_id: 3}: field status: \"active\" → missing");
    }

    @Test
    @DisplayName("changed, added and nested fields each get a line with a dotted path")
    void changedFields() {
        DataSnapshot before = users("{\"_id\": 1, \"a\": 1, \"address\": {\"city\": \"Oslo\"}, \"tags\": [\"x\", \"y\"]}");
        DataSnapshot after = users("{\"_id\": 1, \"a\": 2, \"address\": {\"city\": \"Bergen\"}, \"tags\": [\"x\", \"z\"],"
                + " \"b\": true}");

        assertThat(before.diff(after)).containsExactly(
                "users {_id: 1}: field a: 1 → 2",
                "users {_id: 1}: field address.city: \"Oslo\" → \"Bergen\"",
                "users {_id: 1}: field b: missing → true",
                "users {_id: 1}: field tags[1]: \"y\" → \"z\"");
    }

    @Test
    @DisplayName("the same number in another BSON type is shown with its type")
    void numericTypes() {
        DataSnapshot int32 = DataSnapshot.of(List.of(new CollectionSnapshot("c",
                List.of("{\"_id\": \"k\", \"n\": {\"$numberInt\": \"1\"}}"), List.of())), List.of());
        DataSnapshot int64 = DataSnapshot.of(List.of(new CollectionSnapshot("c",
                List.of("{\"_id\": \"k\", \"n\": {\"$numberLong\": \"1\"}}"), List.of())), List.of());

        assertThat(int32.diff(int64)).containsExactly(
                "c {_id: \"k\"}: field n: {\"$numberInt\": \"1\"} → {\"$numberLong\": \"1\"}");
    }

    @Test
    @DisplayName("documents and collections that appear or disappear are named")
    void addedAndRemoved() {
        DataSnapshot before = users("{\"_id\": 1}", "{\"_id\": 2}");
        DataSnapshot after = DataSnapshot.of(List.of(
                new CollectionSnapshot("users", List.of("{\"_id\": 2}", "{\"_id\": 3, \"n\": \"c\"}"), List.of()),
                new CollectionSnapshot("audit", List.of("{\"_id\": 1}"), List.of())), List.of());

        assertThat(before.diff(after)).containsExactly(
                "collection audit: added (1 document)",
                "users {_id: 1}: document removed {\"_id\": 1}",
                "users {_id: 3}: document added {\"_id\": 3, \"n\": \"c\"}");
    }

    @Test
    @DisplayName("indexes that appear are listed with their spec")
    void indexes() {
        String idIndex = "{\"key\": {\"_id\": 1}, \"name\": \"_id_\"}";
        String email = "{\"key\": {\"email\": 1}, \"name\": \"email_1\", \"unique\": true}";
        DataSnapshot before = DataSnapshot.of(List.of(new CollectionSnapshot("users", List.of(), List.of(idIndex))), List.of());
        DataSnapshot after = DataSnapshot.of(List.of(new CollectionSnapshot("users", List.of(), List.of(idIndex, email))),
                List.of());

        assertThat(before.diff(after)).containsExactly("users: index " + email + " added");
    }

    @Test
    @DisplayName("objects: added, removed, content, content type and metadata changes")
    void objectChanges() {
        ObjectSnapshot a1 = new ObjectSnapshot("a.png", "aaaaaaaaaaaa", 10, "image/png", Map.of("owner", "ann"));
        ObjectSnapshot a2 = new ObjectSnapshot("a.png", "bbbbbbbbbbbb", 12, "application/octet-stream", Map.of());
        ObjectSnapshot gone = new ObjectSnapshot("gone.txt", "cc", 2, "text/plain", Map.of());
        ObjectSnapshot added = new ObjectSnapshot("new.txt", "dd", 3, "", Map.of());

        assertThat(objects(a1, gone).diff(objects(a2, added))).containsExactly(
                "object a.png: content changed (sha256 aaaaaaaa… → bbbbbbbb…, 10 → 12 bytes)",
                "object a.png: content type \"image/png\" → \"application/octet-stream\"",
                "object a.png: metadata owner: \"ann\" → missing",
                "object gone.txt: removed (2 bytes, text/plain)",
                "object new.txt: added (3 bytes, no content type)");
    }

    private static ObjectSnapshot object(String key, String contentType, byte[] content) {
        return new ObjectSnapshot(key, SnapshotReader.objects(
                new DataImage(Map.of(), Map.of(), List.of(
                        new DataImage.ObjectImage(key, content, contentType, Map.of()))))
                .get(key).sha256(), content.length, contentType, Map.of(), java.util.Optional.of(content));
    }

    private static byte[] utf8(String text) {
        return text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    @Test
    @DisplayName("a JSON object shows a field diff instead of two hashes")
    void jsonObjectFieldDiff() {
        DataSnapshot a = objects(object("p/1.json", "application/json", utf8("{\"name\": \"ann\", \"tags\": [1, 2]}")));
        DataSnapshot b = objects(object("p/1.json", "application/json", utf8("{\"name\": \"bob\", \"tags\": [1, 2]}")));

        assertThat(a.diff(b)).containsExactly("object p/1.json (JSON): field name: \"ann\" → \"bob\"");
    }

    @Test
    @DisplayName("text objects (text/*, CSV, JSON lines, XML) show the lines that changed, bounded")
    void textLineDiff() {
        DataSnapshot a = objects(object("t.csv", "text/csv", utf8("id,name\n1,ann\n2,bob\n")));
        DataSnapshot b = objects(object("t.csv", "text/csv", utf8("id,name\n1,ann\n2,bill\n3,cid\n")));

        assertThat(a.diff(b)).containsExactly("object t.csv: line 3: \"2,bob\" → \"2,bill\"",
                "object t.csv: line 4 added: \"3,cid\"");

        StringBuilder many = new StringBuilder();
        for (int i = 0; i < 50; i++) {
            many.append("line ").append(i).append('\n');
        }
        List<String> bounded = objects(object("l.txt", "text/plain", utf8(many.toString())))
                .diff(objects(object("l.txt", "text/plain", utf8(many.toString().replace("line", "LINE")))));
        assertThat(bounded).hasSize(11).last().asString().contains("... and 40 more changed line(s) (51 → 51 lines)");
    }

    @Test
    @DisplayName("binaries show an excerpt around the first different byte, with lengths and hashes")
    void binaryExcerpt() {
        byte[] x = new byte[4096];
        byte[] y = new byte[4100];
        y[1024] = (byte) 0xff;

        assertThat(objects(object("b.bin", "application/octet-stream", x)).diff(objects(object("b.bin",
                "application/octet-stream", y)))).singleElement().asString()
                .startsWith("object b.bin: content changed, 4096 → 4100 bytes, first difference at byte 1024: "
                        + "…00 00 00 00 00 00 00 00 [00] 00 00 00 00 00 00 00… → …00 00 00 00 00 00 00 00 [ff] 00")
                .contains("(sha256 ");
    }

    @Test
    @DisplayName("long strings show an excerpt around the first difference, not the same prefix twice")
    void longStringExcerpt() {
        String common = "x".repeat(300);
        DataSnapshot a = users("{\"_id\": 1, \"bio\": \"" + common + "abc\"}");
        DataSnapshot b = users("{\"_id\": 1, \"bio\": \"" + common + "abd\"}");

        assertThat(a.diff(b)).singleElement().asString()
                .startsWith("users {_id: 1}: field bio: string of 303 → 303 chars, first difference at char 302: "
                        + "\"…xxxxxxxxxxxxxxxxxxxxxxabc\" → \"…xxxxxxxxxxxxxxxxxxxxxxabd\" (sha256 ");
    }
}
