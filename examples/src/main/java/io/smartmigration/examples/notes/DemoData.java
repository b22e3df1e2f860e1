package io.smartmigration.examples.notes;

import com.mongodb.client.MongoDatabase;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import org.bson.Document;
import org.bson.types.ObjectId;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The demo data as release 1.0.0 of the notes service stored it: users and notes in MongoDB,
 * attachments inline in the notes as base64, nothing in S3. Always the same data (fixed ids and
 * dates), so every fresh demo migrates the same way.
 *
 * <pre>{@code
 * if (DemoData.isEmpty(db, s3, bucket)) {
 *     DemoData.Counts seeded = DemoData.seed(db);
 * }
 * }</pre>
 */
public final class DemoData {

    private static final List<String> TENANTS = List.of("acme", "globex", "initech");
    private static final List<String> PEOPLE = List.of("ada", "grace", "alan", "barbara", "edsger", "frances");
    private static final String[] TITLES = {"Kick-off", "Roadmap", "Budget", "Retro", "Hiring plan", "Launch",
            "Customer call", "Offsite"};
    private static final Instant EPOCH = Instant.parse("2024-03-01T09:00:00Z");
    /** A 1x1 PNG. */
    private static final String PIXEL_PNG =
            "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==";

    /** What {@link #seed} wrote. */
    public record Counts(int tenants, int users, int notes, int attachments) {
    }

    private DemoData() {
    }

    /** True when the database has no collection and the bucket no object: nothing to lose by seeding. */
    public static boolean isEmpty(MongoDatabase db, S3Client s3, String bucket) {
        return db.listCollectionNames().first() == null
                && s3.listObjectsV2(list -> list.bucket(bucket).maxKeys(1)).contents().isEmpty();
    }

    /** Writes the release 1.0.0 demo data into {@code users} and {@code notes}. */
    public static Counts seed(MongoDatabase db) {
        List<Document> users = new ArrayList<>();
        List<Document> notes = new ArrayList<>();
        int attachments = 0;
        for (int t = 0; t < TENANTS.size(); t++) {
            String tenant = TENANTS.get(t);
            List<ObjectId> members = new ArrayList<>();
            for (int u = 0; u < 2; u++) {
                String person = PEOPLE.get(t * 2 + u);
                ObjectId userId = id("65e1a0de", users.size() + 1);
                members.add(userId);
                users.add(new Document("_id", userId)
                        .append("tenantId", tenant)
                        .append("name", Character.toUpperCase(person.charAt(0)) + person.substring(1))
                        .append("email", person + "@" + tenant + ".example"));
            }
            for (int n = 0; n < TITLES.length; n++) {
                int number = notes.size() + 1;
                List<Document> files = attachmentsFor(number, TITLES[n]);
                attachments += files.size();
                notes.add(new Document("_id", id("65f1c0de", number))
                        .append("tenantId", tenant)
                        .append("owner", members.get(n % members.size()))
                        .append("title", TITLES[n])
                        .append("body", TITLES[n] + " notes for " + tenant + ".")
                        .append("archived", n % 4 == 3)
                        .append("createdAt", Date.from(EPOCH.plus(number, ChronoUnit.HOURS)))
                        .append("attachments", files));
            }
        }
        db.getCollection("users").insertMany(users);
        db.getCollection("notes").insertMany(notes);
        return new Counts(TENANTS.size(), users.size(), notes.size(), attachments);
    }

    /** None, one or two inline attachments, depending on the note. */
    private static List<Document> attachmentsFor(int number, String title) {
        List<Document> files = new ArrayList<>();
        if (number % 3 != 0) {
            files.add(inline("agenda.txt", "text/plain", text("Agenda: " + title + "\n- status\n- next steps\n")));
        }
        if (number % 2 == 0) {
            files.add(inline("figures.csv", "text/csv", text("quarter,amount\nQ1," + number * 100 + "\n")));
        }
        if (number % 5 == 0) {
            files.add(inline("logo.png", "image/png", PIXEL_PNG));
        }
        return files;
    }

    private static Document inline(String name, String contentType, String base64) {
        return new Document("name", name).append("contentType", contentType).append("data", base64);
    }

    private static String text(String content) {
        return Base64.getEncoder().encodeToString(content.getBytes(StandardCharsets.UTF_8));
    }

    private static ObjectId id(String prefix, int number) {
        return new ObjectId(prefix + String.format("%016x", number));
    }
}
