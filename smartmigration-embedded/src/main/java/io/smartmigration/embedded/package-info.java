/**
 * In-process MongoDB and S3 servers for tests, examples and benchmarks, bound to
 * {@code 127.0.0.1} on a random (or given) port, in memory or persistent on disk.
 *
 * <pre>{@code
 * try (EmbeddedServers servers = EmbeddedServers.inMemory();
 *      MongoClient mongo = servers.mongo().newClient();
 *      S3Client s3 = servers.s3().newClient()) {
 *   servers.s3().createBucket("assets");
 *   // ...
 * }
 * }</pre>
 *
 * <ul>
 *   <li>{@link io.smartmigration.embedded.EmbeddedMongo}: mongo-java-server (memory or H2 file).</li>
 *   <li>{@link io.smartmigration.embedded.EmbeddedS3}: s3proxy ({@code transient} or
 *       {@code filesystem} store), with its conditional-write behaviour documented.</li>
 *   <li>{@link io.smartmigration.embedded.EmbeddedServers}: both together.</li>
 * </ul>
 *
 * <p>This module configures no logging and brings no SLF4J binding. Recommended levels:
 * {@code de.bwaldvogel.mongo} ERROR (its {@code .wire} logger reports every duplicate key as an
 * ERROR: OFF in tests that race on keys), {@code org.gaul} WARN (s3proxy and its shaded Jetty),
 * {@code org.mongodb.driver} WARN.
 */
package io.smartmigration.embedded;
