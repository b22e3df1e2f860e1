package io.smartmigration.spring;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import io.smartmigration.MigrationResult;
import io.smartmigration.MigrationStatus;
import io.smartmigration.Outcome;
import io.smartmigration.SmartMigration;
import io.smartmigration.StepStatus;
import io.smartmigration.embedded.EmbeddedMongo;
import io.smartmigration.spring.sigterm.SigtermApp;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Kubernetes stops a pod with SIGTERM; when that arrives while the starter's migration runs
 * inside the context refresh, two shutdown hooks run at once: the core's hand-over and Spring
 * Boot's {@code SpringApplicationShutdownHook}, which closes the context, and with it the
 * {@code MongoClient} the ledger is written through. Spring Framework 6.2+ makes
 * {@code close()} wait for a running refresh (the context's startup/shutdown lock, polled every
 * 100 ms); only a startup thread it finds in {@code WAITING} twice 10 ms apart is treated as
 * stuck, and then the context is marked inactive without destroying any bean. Either way no bean
 * is destroyed before {@code run()} returned, i.e. after the lock was released. These tests run
 * the real thing in a child JVM against the test's embedded MongoDB and check what a user would.
 */
@DisplayName("A Spring Boot application stopped with SIGTERM while its startup migration runs")
class SigtermDuringStartupTest {

    private static final int ITEMS = 35;
    private static final Duration BOUND = Duration.ofSeconds(120);
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static EmbeddedMongo mongo;

    @TempDir
    Path signals;

    @BeforeAll
    static void startMongo() {
        mongo = EmbeddedMongo.inMemory();
    }

    @AfterAll
    static void stopMongo() {
        mongo.close();
    }

    @ParameterizedTest(name = "its handler blocked in {0}")
    @ValueSource(strings = {"sleep", "park"})
    @DisplayName("exits, leaves no lock and its checkpoint, and a successor with a short lock-wait finishes at once")
    void handsOverToTheNextInstance(String block) throws Exception {
        // GIVEN items to walk, and a child JVM whose startup migration walks them and blocks in its second batch
        String database = "sigterm" + DATABASES.incrementAndGet() + block;
        try (MongoClient client = mongo.newClient()) {
            MongoCollection<Document> items = client.getDatabase(database).getCollection(SigtermApp.ITEMS);
            items.insertMany(IntStream.range(0, ITEMS).mapToObj(i -> new Document("_id", i).append("visits", 0)).toList());
            Path log = signals.resolve("child.log");
            Process child = startChild(database, block, log);
            try {
                awaitFile(signals.resolve(SigtermApp.WALKING), child, log);

                // WHEN it gets SIGTERM (Process.destroy() on Linux) with the first batch checkpointed
                child.destroy();

                // THEN it exits (143: killed by SIGTERM, after the hooks ran), within the bound
                assertThat(child.waitFor(BOUND.toSeconds(), TimeUnit.SECONDS)).as("child exited; output:\n%s", tail(log))
                        .isTrue();
                assertThat(child.exitValue()).as("exit code; output:\n%s", tail(log)).isEqualTo(143);
            } finally {
                child.destroyForcibly();
            }
            // AND if Spring closed the MongoClient before the JVM exited, the lock was already released then
            Path closed = signals.resolve(SigtermApp.CLIENT_CLOSED);
            if (Files.exists(closed)) {
                assertThat(Files.readAllLines(closed)).allSatisfy(line -> assertThat(line)
                        .endsWith("lock=free").as("closed on an uninterrupted thread").contains("interrupted=false"));
            }
            // AND Spring closed the beans cleanly: no driver refusing to close on an interrupted thread
            assertThat(Files.readString(log)).doesNotContain("MongoInterruptedException")
                    .doesNotContain("Invocation of close method failed");

            // AND the ledger holds no lock, and keeps the walk's checkpoint; the first batch stays done
            SmartMigration successor = successor(client, database);
            MigrationStatus status = successor.status();
            assertThat(status.lock()).as("lock left in the ledger").isEmpty();
            assertThat(status.steps()).singleElement().extracting(StepStatus::checkpoint)
                    .satisfies(checkpoint -> assertThat(checkpoint).isNotEmpty());
            assertThat(visits(items)).containsOnlyKeys(0, 1).containsEntry(1, (long) SigtermApp.BATCH);

            // AND a successor with a lock-wait far shorter than the lease (10 min) takes over at once and finishes,
            // resuming after the checkpoint: every item visited exactly once
            MigrationResult result = successor.run();
            assertThat(result.outcome()).isEqualTo(Outcome.MIGRATED);
            assertThat(result.currentVersionAfter()).isEqualTo("2.0.0");
            assertThat(visits(items)).containsOnlyKeys(1).containsEntry(1, (long) ITEMS);
        }
    }

    private Process startChild(String database, String block, Path log) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                ProcessHandle.current().info().command().orElse(System.getProperty("java.home") + "/bin/java"),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx256m", "-Xshare:auto",
                "-cp", System.getProperty("java.class.path"), SigtermApp.class.getName(),
                "--spring.mongodb.uri=" + mongo.connectionString() + "/" + database,
                "--smartmigration.database=" + database,
                "--smartmigration.target-version=2.0.0",
                "--smartmigration.lock-ttl=10m",
                "--smartmigration.shutdown-grace=20s",
                "--test.signals=" + signals,
                "--test.block=" + block));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    /** The in-process successor: the same step, walking to the end; a lock-wait that a left lock would exceed. */
    private SmartMigration successor(MongoClient client, String database) {
        return SmartMigration.builder().targetVersion("2.0.0").mongo(client, database)
                .lockWait(Duration.ofSeconds(5)).lockTtl(Duration.ofMinutes(10))
                .step(new SigtermApp.Walk(signals, "none")).build();
    }

    /** How many items have each visit count. */
    private static java.util.Map<Integer, Long> visits(MongoCollection<Document> items) {
        java.util.Map<Integer, Long> counts = new java.util.TreeMap<>();
        for (Document item : items.find()) {
            counts.merge(item.getInteger("visits"), 1L, Long::sum);
        }
        return counts;
    }

    /** Waits for the child's signal file; fails with its output if it dies or the bound passes. */
    private static void awaitFile(Path file, Process child, Path log) throws Exception {
        long deadline = System.nanoTime() + BOUND.toNanos();
        while (!Files.exists(file)) {
            if (!child.isAlive() || System.nanoTime() > deadline) {
                throw new AssertionError("the child never reached its second batch (" + (child.isAlive()
                        ? "still running after " + BOUND : "exited " + child.exitValue()) + "); output:\n" + tail(log));
            }
            Thread.sleep(20);
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        } catch (IOException e) {
            return "(no output: " + e.getMessage() + ")";
        }
    }
}
