package io.smartmigration.benchmarks.toolkit;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import io.smartmigration.SmartMigration;
import io.smartmigration.test.Backend;
import io.smartmigration.test.Fixture;
import io.smartmigration.test.MigrationHarness;
import io.smartmigration.test.MigrationTest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.bson.Document;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;

/**
 * Run by the benchmark's launcher: times {@code h.run(chain)} and {@code h.assertIdempotent(chain)}
 * on the same freshly seeded data, alternating which goes first.
 */
@MigrationTest(backend = Backend.EMBEDDED)
public class IdempotenceProbeTests {

    static final int REPETITIONS = 6;
    public static final int USERS = 200;
    public static final int OBJECTS = 20;
    public static final List<Double> RUN_MS = Collections.synchronizedList(new ArrayList<>());
    public static final List<Double> IDEMPOTENT_MS = Collections.synchronizedList(new ArrayList<>());

    /** Three steps: two on documents, one resumable copy of objects. */
    static SmartMigration.Builder chain() {
        return SmartMigration.builder().targetVersion("2.0.0")
                .step("add-status").from("1.0.0").to("1.1.0")
                .up(ctx -> ctx.mongo().getCollection("users")
                        .updateMany(Filters.exists("status", false), Updates.set("status", "active")))
                .step("rename-name").from("1.1.0").to("1.2.0")
                .up(ctx -> ctx.mongo().getCollection("users")
                        .updateMany(Filters.exists("name"), Updates.rename("name", "fullName")))
                .step("copy-avatars").from("1.2.0").to("2.0.0").resumable()
                .up(ctx -> ctx.forEachObjectBatch("avatars/", 100, batch -> batch.forEach(o -> ctx.s3().copyObject(b -> b
                        .sourceBucket(ctx.bucket()).sourceKey(o.key()).destinationBucket(ctx.bucket())
                        .destinationKey("images/" + o.key().substring("avatars/".length()))))));
    }

    static Fixture fixture() {
        Fixture fixture = Fixture.at("1.0.0");
        List<Document> users = new ArrayList<>();
        for (int i = 0; i < USERS; i++) {
            users.add(new Document("_id", i).append("name", "user " + i));
        }
        fixture = fixture.documents("users", users);
        for (int i = 0; i < OBJECTS; i++) {
            fixture = fixture.object("avatars/" + i + ".png", ("png " + i).getBytes(StandardCharsets.UTF_8), "image/png");
        }
        return fixture;
    }

    @RepeatedTest(REPETITIONS)
    void runAgainstAssertIdempotent(MigrationHarness h, RepetitionInfo repetition) {
        boolean runFirst = repetition.getCurrentRepetition() % 2 == 0;
        for (int i = 0; i < 2; i++) {
            boolean plain = (i == 0) == runFirst;
            h.reset();
            h.seed(fixture());
            long t = System.nanoTime();
            if (plain) {
                h.run(chain());
            } else {
                h.assertIdempotent(chain());
            }
            double ms = (System.nanoTime() - t) / 1e6;
            if (repetition.getCurrentRepetition() > 1) {
                (plain ? RUN_MS : IDEMPOTENT_MS).add(ms);
            }
        }
    }
}
