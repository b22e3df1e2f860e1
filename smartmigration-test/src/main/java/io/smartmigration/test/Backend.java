package io.smartmigration.test;

/**
 * Which MongoDB and S3 servers a {@link MigrationTest} runs against.
 *
 * <pre>{@code
 * @MigrationTest(backend = Backend.CONTAINERS)   // real MongoDB (replica set) and LocalStack S3
 * class RealServersTest { ... }
 * }</pre>
 *
 * <p>Servers start once per test run and are shared by every test; each test gets its own
 * database and bucket.
 */
public enum Backend {
    /**
     * External endpoints when configured ({@code smartmigration.test.mongo.uri} /
     * {@code smartmigration.test.s3.endpoint} as system properties or JUnit configuration
     * parameters, or the {@code SMARTMIGRATION_TEST_MONGO_URI} / {@code SMARTMIGRATION_TEST_S3_ENDPOINT}
     * environment variables), else Testcontainers when a Docker engine answers, else the embedded
     * in-process servers. The system property {@code smartmigration.test.backend} (EMBEDDED,
     * CONTAINERS or EXTERNAL) overrides AUTO for a whole run. Docker is looked for before
     * Testcontainers is touched ({@code DOCKER_HOST}, Testcontainers' {@code docker.host}, the usual
     * sockets answering {@code GET /_ping}), so a machine without Docker gets one INFO line naming
     * the backend and why, and no Testcontainers ERROR.
     */
    AUTO,
    /** In-process servers: mongo-java-server and s3proxy (transient store). Fast, no Docker. */
    EMBEDDED,
    /**
     * Testcontainers 2: {@code org.testcontainers.mongodb.MongoDBContainer} started
     * {@code withReplicaSet()} (so sessions and transactions work) and LocalStack with S3
     * ({@code localstack/localstack:4.14} by default). Images: {@code smartmigration.test.mongo.image} and
     * {@code smartmigration.test.localstack.image}. Without a Docker engine the tests are skipped.
     */
    CONTAINERS,
    /**
     * The configured endpoints only (see {@link #AUTO}); AWS credentials and region come from the
     * usual AWS variables, or {@code smartmigration.test.s3.accessKey} / {@code secretKey} /
     * {@code region}. A missing endpoint is a configuration error.
     */
    EXTERNAL
}
