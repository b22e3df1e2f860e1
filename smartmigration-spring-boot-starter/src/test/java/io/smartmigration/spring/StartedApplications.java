package io.smartmigration.spring;

import io.smartmigration.embedded.EmbeddedMongo;
import io.smartmigration.spring.app.StartupRecorder;
import io.smartmigration.spring.app.StartupTestApp;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.bson.Document;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Starts {@link StartupTestApp} the way {@code SpringApplication.run} does, on one embedded MongoDB
 * server, each test on its own database, and closes what it started after the test class.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final StartedApplications apps = new StartedApplications();
 * }</pre>
 */
final class StartedApplications implements AfterAllCallback {

    private static final AtomicInteger DATABASES = new AtomicInteger();

    private final EmbeddedMongo mongo = EmbeddedMongo.inMemory();
    private final List<ConfigurableApplicationContext> contexts = new ArrayList<>();

    String freshDatabase() {
        return "startup" + DATABASES.incrementAndGet();
    }

    EmbeddedMongo mongo() {
        return mongo;
    }

    /** Starts the application on {@code database}, target 2.0.0 unless a property says otherwise. */
    ConfigurableApplicationContext start(WebApplicationType web, String database, StartupRecorder recorder,
                                         String... properties) {
        ConfigurableApplicationContext context = new SpringApplicationBuilder(StartupTestApp.class)
                .web(web)
                .logStartupInfo(false)
                .initializers(ctx -> ctx.getBeanFactory().registerSingleton("startupRecorder", recorder))
                .properties("spring.mongodb.uri=" + mongo.connectionString() + "/" + database,
                        "smartmigration.target-version=2.0.0", "server.port=0", "spring.main.banner-mode=off")
                .properties(properties)
                .run();
        contexts.add(context);
        return context;
    }

    /** The ledger's data version, read with a client of its own. */
    String ledgerVersion(String database) {
        try (var client = mongo.newClient()) {
            Document ledger = client.getDatabase(database).getCollection("smartmigration_ledger")
                    .find(new Document("_id", "smartmigration")).first();
            return ledger == null ? null : ledger.getString("currentVersion");
        }
    }

    /** Closes the applications and the server after the test class. */
    @Override
    public void afterAll(ExtensionContext extension) {
        contexts.forEach(ConfigurableApplicationContext::close);
        mongo.close();
    }
}
