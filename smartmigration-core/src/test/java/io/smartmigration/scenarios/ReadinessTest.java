package io.smartmigration.scenarios;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.client.MongoClient;
import io.smartmigration.ErrorCode;
import io.smartmigration.SmartMigration;
import io.smartmigration.SmartMigrationException;
import io.smartmigration.support.MutableClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("SmartMigration.isAtLeast(version)")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(60)
class ReadinessTest {

    private final MongoTestBackend mongo = new MongoTestBackend();
    private final AtomicInteger ledgerReads = new AtomicInteger();
    private MongoClient counting;
    private MutableClock clock;

    @BeforeEach
    void setUp() {
        mongo.newNamespace();
        ledgerReads.set(0);
        clock = MutableClock.at("2026-01-01T00:00:00Z");
        counting = mongo.recordingClient(event -> {
            if (event.getCommandName().equals("find")) {
                ledgerReads.incrementAndGet();
            }
        });
    }

    @AfterEach
    void closeClient() {
        counting.close();
    }

    @AfterAll
    void stop() {
        mongo.close();
    }

    /** This instance: its clock stands still unless the test moves it. */
    private SmartMigration instance(String target) {
        return chain(target, counting).clock(clock).build();
    }

    /** Another instance of the same application, on its own client. */
    private SmartMigration other(String target) {
        return chain(target, mongo.client()).build();
    }

    private SmartMigration.Builder chain(String target, MongoClient client) {
        SmartMigration.Builder builder = SmartMigration.builder().targetVersion(target).mongo(client, mongo.database())
                .lockTtl(Duration.ofSeconds(30));
        builder.step("s1").from("1.0.0").to("1.1.0").up(ctx -> { });
        if (target.equals("2.0.0")) {
            builder.step("s2").from("1.1.0").to("2.0.0").up(ctx -> { });
        }
        return builder;
    }

    @Test
    @DisplayName("8 threads asking 10 000 times within one second cause one ledger read")
    void oneReadPerSecondFromManyThreads() throws Exception {
        other("1.1.0").run();
        SmartMigration migration = instance("2.0.0");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Integer>> answers = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                answers.add(pool.submit(() -> {
                    start.await();
                    int yes = 0;
                    for (int i = 0; i < 1250; i++) {
                        yes += migration.isAtLeast("1.1.0") && !migration.isAtLeast("2.0.0") ? 1 : 0;
                    }
                    return yes;
                }));
            }
            start.countDown();
            for (Future<Integer> answer : answers) {
                assertThat(answer.get(30, TimeUnit.SECONDS)).isEqualTo(1250);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(ledgerReads).hasValue(1);
    }

    @Test
    @DisplayName("another instance's migration is seen once a second has passed, not before")
    void anotherInstancesRunIsSeenAfterASecond() {
        other("1.1.0").run();
        SmartMigration migration = instance("2.0.0");
        assertThat(migration.isAtLeast("2.0.0")).isFalse();

        other("2.0.0").run();
        clock.advance(Duration.ofMillis(999));
        assertThat(migration.isAtLeast("2.0.0")).isFalse();
        clock.advance(Duration.ofMillis(1));
        assertThat(migration.isAtLeast("2.0.0")).isTrue();
        assertThat(ledgerReads).hasValue(2);
    }

    @Test
    @DisplayName("after this instance's own run() the answer is fresh at once, without another read")
    void freshAfterOwnRun() {
        SmartMigration migration = instance("2.0.0");
        assertThat(migration.isAtLeast("1.0.0")).isFalse();   // nothing migrated yet: no version at all

        migration.run();
        int readsAfterRun = ledgerReads.get();

        assertThat(migration.isAtLeast("2.0.0")).isTrue();
        assertThat(ledgerReads.get()).isEqualTo(readsAfterRun);
    }

    @Test
    @DisplayName("data ahead of the version asked is at least that version")
    void dataAhead() {
        other("2.0.0").run();

        assertThat(instance("1.1.0").isAtLeast("1.1.0")).isTrue();
        assertThat(instance("1.1.0").isAtLeast("2.0.0-rc.1")).isTrue();
        assertThat(instance("1.1.0").isAtLeast("2.0.1")).isFalse();
    }

    @Test
    @DisplayName("a clock set back makes the next call read again")
    void clockSetBack() {
        SmartMigration migration = instance("2.0.0");
        migration.isAtLeast("1.0.0");
        clock.advance(Duration.ofSeconds(-5));

        migration.isAtLeast("1.0.0");

        assertThat(ledgerReads).hasValue(2);
    }

    @ParameterizedTest
    @ValueSource(strings = {"2", "v2.0.0", "2.0", ""})
    @DisplayName("a version that is not strict SemVer is INVALID_VERSION, and reads nothing")
    void invalidVersion(String version) {
        assertThatThrownBy(() -> instance("2.0.0").isAtLeast(version))
                .isInstanceOfSatisfying(SmartMigrationException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_VERSION))
                .hasMessageContaining("'" + version + "'");
        assertThat(ledgerReads).hasValue(0);
    }

    @Test
    @DisplayName("an unreachable ledger is LEDGER_UNAVAILABLE, and is not asked again within the second")
    void unreachableLedger() {
        try (MongoTestBackend.Unreachable down = MongoTestBackend.Unreachable.open()) {
            MongoClient unreachable = down.client();
            String closedAddress = down.address();
            SmartMigration migration = chain("2.0.0", unreachable).clock(clock).build();

            List<Throwable> readFailures = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                assertThatThrownBy(() -> migration.isAtLeast("2.0.0"))
                        .isInstanceOfSatisfying(SmartMigrationException.class, e -> {
                            assertThat(e.code()).isEqualTo(ErrorCode.LEDGER_UNAVAILABLE);
                            readFailures.add(e.getCause());
                        })
                        .hasMessageContaining(closedAddress);
            }
            clock.advance(Duration.ofSeconds(1));
            assertThatThrownBy(() -> migration.isAtLeast("2.0.0"))
                    .isInstanceOfSatisfying(SmartMigrationException.class, e -> readFailures.add(e.getCause()));

            // one read failed for the first three calls (the same failure each time); the next second read again
            assertThat(readFailures.get(1)).isSameAs(readFailures.get(0));
            assertThat(readFailures.get(2)).isSameAs(readFailures.get(0));
            assertThat(readFailures.get(3)).isNotSameAs(readFailures.get(0));
        }
    }
}
