package io.smartmigration.examples.notes.spring;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

import java.util.List;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The notes of a tenant, as release 2.0.0 stores them: {@code status}, {@code ownerId}, and
 * attachments as S3 keys under {@code tenants/<tenantId>/}. It reads through a MongoTemplate,
 * which the starter only lets exist once the data is migrated.
 *
 * <pre>
 * GET /notes?tenant=acme
 * [{"id":"65f1c0de0000000000000001","title":"Kick-off","status":"active","ownerId":"65e1a0de...",
 *   "attachments":["tenants/acme/notes/65f1c0de0000000000000001/agenda.txt"]}, ...]
 * </pre>
 */
@RestController
public class NotesController {

    private final MongoTemplate mongo;

    public NotesController(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    /** A note as the API shows it. */
    public record NoteView(String id, String title, String status, String ownerId, List<String> attachments) {
    }

    @GetMapping("/notes")
    public List<NoteView> notes(@RequestParam("tenant") String tenant) {
        return mongo.find(query(where("tenantId").is(tenant)), Document.class, "notes").stream()
                .map(note -> new NoteView(String.valueOf(note.get("_id")), note.getString("title"),
                        note.getString("status"), String.valueOf(note.get("ownerId")),
                        note.getList("attachments", Document.class, List.of()).stream()
                                .map(attachment -> attachment.getString("key")).toList()))
                .toList();
    }
}
