package io.smartmigration.internal.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.MongoSocketReadException;
import com.mongodb.ServerAddress;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.smartmigration.ErrorCode;
import io.smartmigration.SmartMigration;
import io.smartmigration.SmartMigrationException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@DisplayName("A backend failing in the middle of a step")
@Timeout(30)
class BackendFailureTest {

    private MongoServer server;
    private MongoClient client;
    private int port;

    @BeforeEach
    void start() {
        server = new MongoServer(new MemoryBackend());
        port = server.bind().getPort();
        client = MongoClients.create(MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString("mongodb://127.0.0.1:" + port))
                .applyToClusterSettings(c -> c.serverSelectionTimeout(300, TimeUnit.MILLISECONDS))
                .build());
    }

    @AfterEach
    void stop() {
        client.close();
        server.shutdownNow();
    }

    @Test
    @DisplayName("a handler's driver error that does not name its server fails with STEP_FAILED naming the MongoDB address")
    void stepFailedNamesTheMongoAddress() {
        // GIVEN a handler whose connection dropped: the driver says only "Prematurely reached end of stream"
        SmartMigration migration = SmartMigration.builder().targetVersion("1.1.0").mongo(client, "app")
                .step("a").from("1.0.0").to("1.1.0").up(ctx -> {
                    throw new MongoSocketReadException("Prematurely reached end of stream",
                            new ServerAddress("127.0.0.1", port));
                }).build();

        // WHEN it runs THEN the message says where MongoDB was
        assertThatThrownBy(migration::run).isInstanceOfSatisfying(SmartMigrationException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.STEP_FAILED))
                .hasMessageContaining("Prematurely reached end of stream")
                .hasMessageContaining("MongoDB at [127.0.0.1:" + port + "], database app");
    }

    @Test
    @DisplayName("a checkpoint write that cannot reach MongoDB fails with LEDGER_UNAVAILABLE naming the address, not STEP_FAILED")
    void checkpointWriteDuringOutageIsLedgerUnavailable() {
        // GIVEN a resumable step during which the server goes away
        SmartMigration migration = SmartMigration.builder().targetVersion("1.1.0").mongo(client, "app")
                .step("a").from("1.0.0").to("1.1.0").resumable().up(ctx -> {
                    server.shutdownNow();
                    ctx.checkpoint().put("position", "42");
                }).build();

        // WHEN it runs THEN the ledger's failure surfaces as it is
        assertThatThrownBy(migration::run).isInstanceOfSatisfying(SmartMigrationException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.LEDGER_UNAVAILABLE))
                .hasMessageContaining("127.0.0.1:" + port)
                .hasMessageContaining("checkpoint");
    }
}
