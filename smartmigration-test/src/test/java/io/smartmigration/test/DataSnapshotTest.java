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
}
