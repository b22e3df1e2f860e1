package io.smartmigration.embedded;

import java.nio.file.Path;
import java.util.Objects;

/**
 * An {@link EmbeddedMongo} and an {@link EmbeddedS3} started and closed together.
 *
 * <pre>{@code
 * try (EmbeddedServers servers = EmbeddedServers.persistent(Path.of("data"));
 *      MongoClient mongo = servers.mongo().newClient();
 *      S3Client s3 = servers.s3().newClient()) {
 *   servers.s3().createBucket("assets");
 *   // ... the data is still there after a restart on the same directory
 * }
 * }</pre>
 */
public final class EmbeddedServers implements AutoCloseable {

    /** The MongoDB file of {@link #persistent(Path)}, relative to its directory. */
    public static final String MONGO_FILE = "mongo/data.mv.db";
    /** The S3 folder of {@link #persistent(Path)}, relative to its directory. */
    public static final String S3_FOLDER = "s3";

    private final EmbeddedMongo mongo;
    private final EmbeddedS3 s3;

    private EmbeddedServers(EmbeddedMongo.Builder mongo, EmbeddedS3.Builder s3) {
        this.mongo = mongo.build();
        try {
            this.s3 = s3.build();
        } catch (RuntimeException e) {
            this.mongo.close();
            throw e;
        }
    }

    /** Starts both servers in memory, each on a random free port of {@code 127.0.0.1}. */
    public static EmbeddedServers inMemory() {
        return new EmbeddedServers(EmbeddedMongo.builder(), EmbeddedS3.builder());
    }

    /**
     * Starts both servers with their data under {@code directory}: MongoDB in the H2 file
     * {@value #MONGO_FILE}, S3 buckets as folders under {@value #S3_FOLDER}.
     */
    public static EmbeddedServers persistent(Path directory) {
        Objects.requireNonNull(directory, "directory");
        return new EmbeddedServers(EmbeddedMongo.builder().persistent(directory.resolve(MONGO_FILE)),
                EmbeddedS3.builder().persistent(directory.resolve(S3_FOLDER)));
    }

    /** The MongoDB server. */
    public EmbeddedMongo mongo() {
        return mongo;
    }

    /** The S3 server. */
    public EmbeddedS3 s3() {
        return s3;
    }

    /** Closes both servers; a failure closing one does not keep the other open. */
    @Override
    public void close() {
        try {
            s3.close();
        } finally {
            mongo.close();
        }
    }

    @Override
    public String toString() {
        return "EmbeddedServers[" + mongo + ", " + s3 + "]";
    }
}
