package io.smartmigration.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
@DisplayName("Warm start time")
class WarmStartTimeTest {

    private static final Logger LOG = LoggerFactory.getLogger(WarmStartTimeTest.class);
    private static final int SAMPLES = 9;

    @Test
    @DisplayName("an in-memory MongoDB server starts and stops in well under a second once the JVM is warm")
    void mongo() {
        double median = medianStartStopMillis(EmbeddedMongo::inMemory);

        LOG.info("EmbeddedMongo.inMemory() warm start median {} ms over {} samples", median, SAMPLES);
        assertThat(median).isLessThan(500);
    }

    @Test
    @DisplayName("an in-memory S3 server starts and stops in well under a second once the JVM is warm")
    void s3() {
        double median = medianStartStopMillis(EmbeddedS3::inMemory);

        LOG.info("EmbeddedS3.inMemory() warm start median {} ms over {} samples", median, SAMPLES);
        assertThat(median).isLessThan(500);
    }

    @Test
    @DisplayName("a persistent MongoDB server reopens its H2 file in well under a second")
    void persistentMongo(@TempDir Path dir) {
        double median = medianStartStopMillis(() -> EmbeddedMongo.persistent(dir.resolve("mongo.mv.db")));

        LOG.info("EmbeddedMongo.persistent(file) warm start median {} ms over {} samples", median, SAMPLES);
        assertThat(median).isLessThan(500);
    }

    @Test
    @DisplayName("a persistent S3 server reopens its directory in well under a second")
    void persistentS3(@TempDir Path dir) {
        double median = medianStartStopMillis(() -> EmbeddedS3.persistent(dir));

        LOG.info("EmbeddedS3.persistent(dir) warm start median {} ms over {} samples", median, SAMPLES);
        assertThat(median).isLessThan(500);
    }

    private static double medianStartStopMillis(Supplier<? extends AutoCloseable> server) {
        close(server.get());
        close(server.get());
        long[] nanos = new long[SAMPLES];
        for (int i = 0; i < SAMPLES; i++) {
            long started = System.nanoTime();
            AutoCloseable running = server.get();
            long up = System.nanoTime();
            close(running);
            nanos[i] = up - started;
        }
        Arrays.sort(nanos);
        return Math.round(nanos[SAMPLES / 2] / 10_000.0) / 100.0;
    }

    private static void close(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
