package io.smartmigration.test;

import com.mongodb.client.MongoDatabase;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Everything a migration can change, captured at one moment: every collection of a database
 * (documents as canonical Extended JSON, indexes) and every object of a bucket (key, SHA-256 of
 * the content, content type, user metadata). The ledger is left out: the collection
 * {@code smartmigration_ledger} and the keys under {@code .smartmigration/}.
 *
 * <pre>{@code
 * DataSnapshot before = h.snapshot();
 * h.run(chain);
 * DataSnapshot after = h.snapshot();
 * before.diff(after).forEach(System.out::println);
 * //   users {_id: 3}: field status: missing → "active"
 * //   object avatars/3.png: removed (2048 bytes, image/png)
 * MigrationAssertions.assertThat(after).isEqualTo(expected);   // fails with the diff
 * }</pre>
 *
 * <p>Snapshots compare by content: two snapshots are {@link #equals equal} when {@link #diff}
 * finds nothing. The fields of documents are sorted by name, so field order does not count,
 * except inside {@code _id}, which is kept as stored ({@code {k: 1, j: 2}} and {@code {j: 2, k: 1}}
 * are different ids to MongoDB: a lookup by one does not find the other); numeric types count
 * ({@code 1} and {@code 1L} differ).
 */
public final class DataSnapshot {

    private final Map<String, CollectionSnapshot> collections;
    private final Map<String, ObjectSnapshot> objects;

    private DataSnapshot(Map<String, CollectionSnapshot> collections, Map<String, ObjectSnapshot> objects) {
        this.collections = java.util.Collections.unmodifiableMap(new TreeMap<>(collections));
        this.objects = java.util.Collections.unmodifiableMap(new TreeMap<>(objects));
    }

    /** A snapshot of these parts. */
    public static DataSnapshot of(Collection<CollectionSnapshot> collections, Collection<ObjectSnapshot> objects) {
        return new DataSnapshot(collections.stream().collect(Collectors.toMap(CollectionSnapshot::name, c -> c)),
                objects.stream().collect(Collectors.toMap(ObjectSnapshot::key, o -> o)));
    }

    /** A snapshot with nothing in it. */
    public static DataSnapshot empty() {
        return new DataSnapshot(Map.of(), Map.of());
    }

    /** Every collection of {@code database} but the ledger's. */
    public static DataSnapshot of(MongoDatabase database) {
        return new DataSnapshot(SnapshotReader.collections(database), Map.of());
    }

    /** Every object of {@code bucket} outside {@code .smartmigration/}. */
    public static DataSnapshot of(S3Client s3, String bucket) {
        return new DataSnapshot(Map.of(), SnapshotReader.objects(s3, bucket));
    }

    /** Both a database and a bucket. */
    public static DataSnapshot of(MongoDatabase database, S3Client s3, String bucket) {
        return new DataSnapshot(SnapshotReader.collections(database), SnapshotReader.objects(s3, bucket));
    }

    /** The collections by name, in name order. */
    public Map<String, CollectionSnapshot> collections() {
        return collections;
    }

    /** The objects by key, in key order. */
    public Map<String, ObjectSnapshot> objects() {
        return objects;
    }

    public Optional<CollectionSnapshot> collection(String name) {
        return Optional.ofNullable(collections.get(name));
    }

    public Optional<ObjectSnapshot> object(String key) {
        return Optional.ofNullable(objects.get(key));
    }

    /**
     * What changed from this snapshot to {@code other}, one readable line per difference, for
     * example {@code users {_id: 3}: field status: "active" → missing}. Empty when they are equal.
     */
    public List<String> diff(DataSnapshot other) {
        return SnapshotDiff.between(this, Objects.requireNonNull(other, "other"));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DataSnapshot other && collections.equals(other.collections) && objects.equals(other.objects);
    }

    @Override
    public int hashCode() {
        return Objects.hash(collections, objects);
    }

    @Override
    public String toString() {
        return "DataSnapshot[" + collections.values().stream().map(c -> c.name() + " (" + c.documents().size() + " docs)")
                .collect(Collectors.joining(", ")) + "; " + objects.size() + " object(s)]";
    }

    /**
     * One collection.
     *
     * @param documents every document as canonical Extended JSON with sorted fields, ordered by {@code _id}
     * @param indexes   every index as canonical Extended JSON (its key, name and options), in name order
     */
    public record CollectionSnapshot(String name, List<String> documents, List<String> indexes) {
        public CollectionSnapshot {
            Objects.requireNonNull(name, "name");
            documents = List.copyOf(documents);
            indexes = List.copyOf(indexes);
        }
    }

    /**
     * One object.
     *
     * @param sha256   hex SHA-256 of the content
     * @param metadata user metadata ({@code x-amz-meta-*}), keys in lower case
     * @param content  the bytes, kept for objects up to 1 MiB so that a {@link #diff} can show what
     *                 changed (a line or field diff for text, an excerpt for binaries); not compared:
     *                 {@code sha256} is
     */
    public record ObjectSnapshot(String key, String sha256, long size, String contentType, Map<String, String> metadata,
                                 Optional<byte[]> content) {
        public ObjectSnapshot {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(sha256, "sha256");
            contentType = contentType == null ? "" : contentType;
            metadata = Map.copyOf(metadata);
            content = content.map(byte[]::clone);
        }

        /** An object snapshot without its bytes. */
        public ObjectSnapshot(String key, String sha256, long size, String contentType, Map<String, String> metadata) {
            this(key, sha256, size, contentType, metadata, Optional.empty());
        }

        /** A copy of the bytes, when kept. */
        @Override
        public Optional<byte[]> content() {
            return content.map(byte[]::clone);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof ObjectSnapshot other && key.equals(other.key) && sha256.equals(other.sha256)
                    && size == other.size && contentType.equals(other.contentType) && metadata.equals(other.metadata);
        }

        @Override
        public int hashCode() {
            return Objects.hash(key, sha256, size, contentType, metadata);
        }

        @Override
        public String toString() {
            return "ObjectSnapshot[" + key + ", sha256 " + sha256 + ", " + size + " bytes, " + contentType + ", metadata="
                    + metadata + "]";
        }
    }
}
