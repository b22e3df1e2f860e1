package io.smartmigration.spring.sigterm;

import com.mongodb.client.MongoClient;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import io.smartmigration.MigrationContext;
import io.smartmigration.MigrationStep;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import org.bson.Document;
import org.springframework.beans.factory.config.DestructionAwareBeanPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * The application a {@code SigtermDuringStartupTest} child JVM runs: the starter, Spring Boot's
 * MongoClient from {@code spring.mongodb.uri}, and one resumable step bean, {@link Walk}, that the
 * test stops with SIGTERM while the context is still refreshing. Arguments are Spring Boot's
 * ({@code --key=value}); {@code --test.signals=<dir>} is where the child tells the test what happened.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
public class SigtermApp {

    /** The collection the step walks: {@code {_id: int, visits: int}}. */
    public static final String ITEMS = "items";
    /** The walk's batch size: the first batch is checkpointed before the second one blocks. */
    public static final int BATCH = 10;
    /** Created by the second batch's handler, after the first batch's checkpoint was saved. */
    public static final String WALKING = "walking";
    /** Appended to by the probe when Spring destroys the MongoClient bean. */
    public static final String CLIENT_CLOSED = "client-closed";

    public static void main(String[] args) {
        SpringApplication app = new SpringApplication(SigtermApp.class);
        app.setWebApplicationType(WebApplicationType.NONE);
        app.run(args);
    }

    @Bean
    MigrationStep walk(org.springframework.core.env.Environment env) {
        return new Walk(Path.of(env.getRequiredProperty("test.signals")), env.getProperty("test.block", "sleep"));
    }

    /**
     * Records, when Spring destroys the MongoClient bean, which thread does it, whether that thread
     * is interrupted (the driver's close fails then), and whether the migration lock is still in
     * the ledger at that moment (read through the client, still open).
     */
    @Bean
    static DestructionAwareBeanPostProcessor clientCloseProbe(org.springframework.core.env.Environment env) {
        Path signals = Path.of(env.getRequiredProperty("test.signals"));
        String database = env.getRequiredProperty("smartmigration.database");
        return new DestructionAwareBeanPostProcessor() {
            @Override
            public void postProcessBeforeDestruction(Object bean, String beanName) {
                if (bean instanceof MongoClient client) {
                    // The core restores the interrupt flag after an INTERRUPTED run, and Spring destroys the
                    // beans on that thread: read with the flag cleared (the driver refuses otherwise), then restore it.
                    boolean interrupted = Thread.interrupted();
                    Document ledger = client.getDatabase(database).getCollection("smartmigration_ledger")
                            .find(Filters.eq("_id", "smartmigration")).first();
                    boolean held = ledger != null && ledger.get("lock") != null;
                    write(signals.resolve(CLIENT_CLOSED), "thread=" + Thread.currentThread().getName()
                            + " interrupted=" + interrupted + " lock=" + (held ? "held" : "free") + "\n");
                    if (interrupted) {
                        Thread.currentThread().interrupt();
                    }
                }
            }
        };
    }

    private static void write(Path file, String text) {
        try {
            Files.writeString(file, text, java.nio.file.StandardOpenOption.CREATE,
                    java.nio.file.StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * {@code walk} 1.0.0 to 2.0.0, resumable: increments {@code visits} of every item, a batch at
     * a time. In the second batch it signals {@link #WALKING} and then blocks until interrupted,
     * the way a slow walk is caught by SIGTERM: {@code sleep} blocks in {@code Thread.sleep}
     * (TIMED_WAITING), {@code park} on a latch (WAITING, which Spring's context close treats as a
     * possibly stuck startup thread and interrupts itself), or {@code none}: not at all.
     */
    public static final class Walk implements MigrationStep {

        private final Path signals;
        private final String block;

        /** {@code block}: {@code sleep}, {@code park}, or {@code none} (a successor's walk, to the end). */
        public Walk(Path signals, String block) {
            this.signals = signals;
            this.block = block;
        }

        @Override
        public String id() {
            return "walk";
        }

        @Override
        public String from() {
            return "1.0.0";
        }

        @Override
        public String to() {
            return "2.0.0";
        }

        @Override
        public boolean resumable() {
            return true;
        }

        @Override
        public void up(MigrationContext ctx) throws Exception {
            int[] batches = {0};
            ctx.forEachDocumentBatch(ITEMS, BATCH, batch -> {
                if (++batches[0] == 2 && !block.equals("none")) {
                    write(signals.resolve(WALKING), "pid=" + ProcessHandle.current().pid() + "\n");
                    if (block.equals("park")) {
                        new CountDownLatch(1).await();
                    } else {
                        while (true) {
                            Thread.sleep(1_000);
                        }
                    }
                }
                ctx.mongo().getCollection(ITEMS).updateMany(
                        Filters.in("_id", batch.stream().map(d -> d.get("_id")).toList()), Updates.inc("visits", 1));
            });
        }
    }
}
