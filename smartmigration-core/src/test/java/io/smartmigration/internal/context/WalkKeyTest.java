package io.smartmigration.internal.context;

import static org.assertj.core.api.Assertions.assertThat;

import io.smartmigration.Checkpoint;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Walk checkpoint keys cannot collide")
class WalkKeyTest {

    /** Names built to collide under concatenation: separators, the old '#n' suffix, escapes, dots, dollars. */
    private static final List<String> NAMES = List.of("events", "events#2", "events#3", "events#2#2", "events:2",
            "events:2:lastId", "a.b", "a.b.c", "a:b", "a/b", "a/b/", "a%3Ab", "a%253Ab", "$x", "x$", "", ":", "#", "%",
            ".", "/", "events#", "events#1", "done", "lastId", "caf\u00e9", "tab\there");

    @Test
    @DisplayName("GIVEN names holding '#', '.', ':', '/', '%' and '$' WHEN each is walked up to three times THEN all"
            + " keys of every walk, field and kind are distinct")
    void everyKeyIsDistinct() {
        Set<String> keys = new HashSet<>();
        int made = 0;
        for (String kind : List.of("documents", "objects")) {
            for (String name : NAMES) {
                for (int n = 1; n <= 3; n++) {
                    for (String field : List.of("lastId", "lastKey", WalkKey.DONE)) {
                        keys.add(new WalkKey(kind, name, n).key(field));
                        made++;
                    }
                }
            }
        }

        assertThat(keys).hasSize(made);
    }

    @Test
    @DisplayName("GIVEN any name WHEN its key is built THEN the name part holds no ':', '.', '$' or '#'")
    void keysCarryNoSeparatorOrFieldPathCharacter() {
        for (String name : NAMES) {
            String escaped = WalkKey.escape(name);
            assertThat(escaped).as(name).doesNotContain(":", ".", "$", "#");
        }
        assertThat(WalkKey.documents("events#2", 1).key("lastId")).isEqualTo("walk:documents:events%232:1:lastId");
        assertThat(WalkKey.documents("events", 2).key("lastId")).isEqualTo("walk:documents:events:2:lastId");
    }

    private static Checkpoint checkpoint(Map<String, String> values) {
        return new Checkpoint() {
            @Override
            public Optional<String> get(String key) {
                return Optional.ofNullable(values.get(key));
            }

            @Override
            public void put(String key, String value) {
                values.put(key, value);
            }

            @Override
            public Map<String, String> asMap() {
                return Map.copyOf(values);
            }
        };
    }

    @Test
    @DisplayName("GIVEN a checkpoint written before the upgrade WHEN a walk resumes THEN an unambiguous old key is"
            + " read, and an old key that another walk could have written is not")
    void oldCheckpointsAreReadWhereUnambiguous() {
        Checkpoint old = checkpoint(new HashMap<>(Map.of(
                "documents:notes:lastId", "{\"v\": 49}",
                "documents:events#2:done", "true",       // written by the 2nd walk over events, or the 1st over events#2
                "objects:avatars/:lastKey", "avatars/17")));

        assertThat(WalkKey.documents("notes", 1).get(old, "lastId")).contains("{\"v\": 49}");
        assertThat(WalkKey.objects("avatars/", 1).get(old, "lastKey")).contains("avatars/17");
        assertThat(WalkKey.documents("events#2", 1).done(old)).as("ambiguous: walked again from its start").isFalse();
        assertThat(WalkKey.documents("events", 2).done(old)).as("ambiguous: walked again from its start").isFalse();
        assertThat(WalkKey.documents("notes", 2).get(old, "lastId")).as("a second walk never read an old key").isEmpty();
    }
}
