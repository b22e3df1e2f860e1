package io.smartmigration.examples.notes.migrations;

import java.util.Optional;
import org.bson.types.ObjectId;

/**
 * Where a note's attachment lives in the bucket, in each layout the notes service has used.
 *
 * <ul>
 *   <li>release 1.2: {@code attachments/<noteId>/<name>} ({@link #byNote});</li>
 *   <li>release 2.0: {@code tenants/<tenantId>/notes/<noteId>/<name>} ({@link #byTenant}), so a
 *       tenant's files can be listed, exported or deleted with one prefix.</li>
 * </ul>
 *
 * <pre>{@code
 * AttachmentKeys.byTenant("acme", noteId, "plan.txt");   // "tenants/acme/notes/65f1.../plan.txt"
 * }</pre>
 */
public final class AttachmentKeys {

    /** The prefix of the release 1.2 layout. */
    public static final String BY_NOTE_PREFIX = "attachments/";
    /** The prefix of the release 2.0 layout. */
    public static final String BY_TENANT_PREFIX = "tenants/";

    private AttachmentKeys() {
    }

    /** {@code attachments/<noteId>/<name>}. */
    public static String byNote(Object noteId, String name) {
        return BY_NOTE_PREFIX + noteId + "/" + safe(name);
    }

    /** {@code tenants/<tenantId>/notes/<noteId>/<name>}. */
    public static String byTenant(String tenantId, Object noteId, String name) {
        return BY_TENANT_PREFIX + safe(tenantId) + "/notes/" + noteId + "/" + safe(name);
    }

    /** A key of the release 1.2 layout, split; empty for any other key. */
    public static Optional<ByNote> parseByNote(String key) {
        if (!key.startsWith(BY_NOTE_PREFIX)) {
            return Optional.empty();
        }
        String rest = key.substring(BY_NOTE_PREFIX.length());
        int slash = rest.indexOf('/');
        if (slash <= 0 || slash == rest.length() - 1) {
            return Optional.empty();
        }
        String id = rest.substring(0, slash);
        // The notes service gives notes ObjectIds; their keys hold the hex form.
        Object noteId = ObjectId.isValid(id) ? new ObjectId(id) : id;
        return Optional.of(new ByNote(noteId, rest.substring(slash + 1)));
    }

    /** The parts of a key {@code attachments/<noteId>/<name>}. */
    public record ByNote(Object noteId, String name) {
    }

    /** A name usable as one key segment: no slashes, never empty. */
    private static String safe(String segment) {
        String s = segment == null ? "" : segment.replace('/', '_').replace('\\', '_').strip();
        return s.isEmpty() ? "unnamed" : s;
    }
}
