package io.smartmigration.test;

import io.smartmigration.test.DataSnapshot.CollectionSnapshot;
import io.smartmigration.test.DataSnapshot.ObjectSnapshot;
import java.util.List;
import java.util.Optional;
import org.assertj.core.api.AbstractAssert;

/**
 * Assertions on a {@link DataSnapshot}; start with {@link MigrationAssertions#assertThat(DataSnapshot)}.
 *
 * <pre>{@code
 * assertThat(h.snapshot()).hasCollection("users").hasDocumentCount("users", 3).hasObject("avatars/1.png")
 *                         .isEqualTo(cleanRun);   // on failure: the readable diff
 * }</pre>
 */
public final class DataSnapshotAssert extends AbstractAssert<DataSnapshotAssert, DataSnapshot> {

    DataSnapshotAssert(DataSnapshot actual) {
        super(actual, DataSnapshotAssert.class);
    }

    /** Equal to {@code expected}; a failure lists what differs, from the expected data to the actual data. */
    @Override
    public DataSnapshotAssert isEqualTo(Object expected) {
        if (!(expected instanceof DataSnapshot snapshot)) {
            return super.isEqualTo(expected);
        }
        isNotNull();
        List<String> diff = snapshot.diff(actual);
        if (!diff.isEmpty()) {
            failWithMessage("Expected the data to equal %s%nbut it is %s%n%d difference(s), expected → actual:%s",
                    snapshot, actual, diff.size(), SnapshotDiff.format(diff));
        }
        return this;
    }

    /** The collection exists. */
    public DataSnapshotAssert hasCollection(String name) {
        isNotNull();
        if (actual.collection(name).isEmpty()) {
            failWithMessage("Expected a collection '%s', but the collections are %s", name, actual.collections().keySet());
        }
        return this;
    }

    /** The collection does not exist. */
    public DataSnapshotAssert doesNotHaveCollection(String name) {
        isNotNull();
        if (actual.collection(name).isPresent()) {
            failWithMessage("Expected no collection '%s', but it exists with %d document(s)", name,
                    actual.collection(name).get().documents().size());
        }
        return this;
    }

    /** The collection exists and holds {@code count} documents. */
    public DataSnapshotAssert hasDocumentCount(String collection, int count) {
        hasCollection(collection);
        CollectionSnapshot c = actual.collection(collection).orElseThrow();
        if (c.documents().size() != count) {
            failWithMessage("Expected %d document(s) in '%s', but it holds %d", count, collection, c.documents().size());
        }
        return this;
    }

    /** The object exists. */
    public DataSnapshotAssert hasObject(String key) {
        isNotNull();
        if (actual.object(key).isEmpty()) {
            failWithMessage("Expected an object '%s', but the keys are %s", key, actual.objects().keySet());
        }
        return this;
    }

    /** The object exists with this content type. */
    public DataSnapshotAssert hasObject(String key, String contentType) {
        hasObject(key);
        Optional<ObjectSnapshot> o = actual.object(key);
        if (!o.orElseThrow().contentType().equals(contentType)) {
            failWithMessage("Expected object '%s' to have content type \"%s\", but it has \"%s\"", key, contentType,
                    o.get().contentType());
        }
        return this;
    }

    /** The object does not exist. */
    public DataSnapshotAssert doesNotHaveObject(String key) {
        isNotNull();
        if (actual.object(key).isPresent()) {
            failWithMessage("Expected no object '%s', but it exists (%d bytes)", key, actual.object(key).get().size());
        }
        return this;
    }
}
