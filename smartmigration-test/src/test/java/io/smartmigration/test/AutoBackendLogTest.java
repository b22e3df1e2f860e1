package io.smartmigration.test;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.mongodb.client.MongoDatabase;
import io.smartmigration.test.internal.DockerProbe;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.slf4j.LoggerFactory;

/**
 * What a user without Docker sees from an AUTO run: one INFO line naming the backend and why, and
 * nothing at WARN or ERROR (Testcontainers' probe, which logs an ERROR, is never reached). The
 * loggers this module's logback-test.xml silences (Testcontainers, docker-java) are opened for the
 * run, so an ERROR from them would be seen.
 */
@DisplayName("An AUTO run without Docker")
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class AutoBackendLogTest {

    private static final List<String> OPENED = List.of("org.testcontainers", "tc", "com.github.dockerjava",
            "io.smartmigration");

    private final LoggerContext logging = (LoggerContext) LoggerFactory.getILoggerFactory();
    private final ListAppender<ILoggingEvent> events = new ListAppender<>();
    private final Map<String, Level> levelsBefore = new HashMap<>();

    @BeforeEach
    void captureEverything() {
        Assumptions.assumeFalse(DockerProbe.ofThisMachine().find().present(),
                "a Docker engine may be here: AUTO would choose Testcontainers (DockerProbeTest covers the probe)");
        for (String name : OPENED) {
            Logger logger = logging.getLogger(name);
            levelsBefore.put(name, logger.getLevel());
            logger.setLevel(Level.INFO);
        }
        events.start();
        logging.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).addAppender(events);
    }

    @AfterEach
    void restore() {
        logging.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).detachAppender(events);
        levelsBefore.forEach((name, level) -> logging.getLogger(name).setLevel(level));
    }

    @OnlyInEngineTestKit
    @MigrationTest
    static class BothServers {
        @Test
        void migrates(MigrationHarness h, MongoDatabase db, TestBucket bucket) {
            h.seed(Chains.users());
            MigrationAssertions.assertThat(h.run(Chains.correct())).reachedTarget();
            db.getCollection("extra").insertOne(new Document("_id", 1));
            bucket.client().listObjectsV2(b -> b.bucket(bucket.name()));
        }

        @Test
        void migratesAgain(MigrationHarness h) {
            h.seed(Chains.users());
            MigrationAssertions.assertThat(h.run(Chains.correct())).reachedTarget();
        }
    }

    @Test
    @DisplayName("logs one INFO line naming the embedded backend and why, and nothing at WARN or ERROR")
    void oneInfoLineNoWarnings() {
        EngineExecutionResults results = Kit.runOwnServers(BothServers.class, Map.of());

        assertThat(Kit.failures(results)).isEmpty();
        results.testEvents().assertStatistics(s -> s.succeeded(2));
        assertThat(events.list).filteredOn(e -> e.getLevel().isGreaterOrEqual(Level.WARN))
                .extracting(e -> e.getLevel() + " " + e.getLoggerName() + " " + e.getFormattedMessage())
                .isEmpty();
        assertThat(events.list)
                .filteredOn(e -> e.getLevel() == Level.INFO && e.getLoggerName().equals("io.smartmigration.test"))
                .extracting(ILoggingEvent::getFormattedMessage)
                .singleElement().asString()
                .startsWith("smartmigration-test: backend EMBEDDED (AUTO: no external endpoint configured, and no Docker"
                        + " engine: no DOCKER_HOST, no Testcontainers docker.host, no Docker socket at ");
    }
}
