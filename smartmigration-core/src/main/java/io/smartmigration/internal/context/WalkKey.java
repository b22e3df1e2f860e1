package io.smartmigration.internal.context;

import io.smartmigration.Checkpoint;
import io.smartmigration.internal.LogText;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Names one batch walk of a step in its checkpoint: the kind of walk, the collection or key prefix,
 * and which walk over that same collection or prefix it is in the step (the n-th, counted from 1;
 * a handler runs its walks in the same order every time).
 *
 * <p>The checkpoint key is structured, not concatenated:
 * {@code walk:<kind>:<escaped name>:<n>:<field>}, with {@code %}, {@code :}, {@code .}, {@code $},
 * {@code #} and control characters of the name percent-encoded (UTF-8). No escaped name contains
 * {@code :}, so the key splits back into its parts and two different walks can never share a key
 * whatever their names ({@code events} walked twice and {@code events#2} walked once get
 * {@code walk:documents:events:2:lastId} and {@code walk:documents:events%232:1:lastId}). The
 * escaping also keeps {@code .} and {@code $} out of the key, which the Mongo ledger stores as a
 * field name.
 *
 * <p>Checkpoints written before this scheme ({@code documents:<name>:lastId},
 * {@code documents:<name>#<n>:done}, {@code objects:<prefix>:lastKey}) are still read, but only
 * where such a key is unambiguous: for the first walk over a name that holds neither {@code #}
 * nor {@code :}. Any other old key could belong to another walk (that was the bug), so such a walk
 * starts from its beginning instead: safe, since handlers are idempotent, and it happens once,
 * for a step that was interrupted before the upgrade and resumed after it.
 */
record WalkKey(String kind, String name, int n) {

    static final String DONE = "done";
    private static final String PREFIX = "walk:";

    static WalkKey documents(String collection, int n) {
        return new WalkKey("documents", collection, n);
    }

    static WalkKey objects(String prefix, int n) {
        return new WalkKey("objects", prefix, n);
    }

    /** The checkpoint key of {@code field} of this walk. */
    String key(String field) {
        return PREFIX + kind + ":" + escape(name) + ":" + n + ":" + field;
    }

    /** The value of {@code field}: from this scheme's key, else from an unambiguous key of the old one. */
    Optional<String> get(Checkpoint checkpoint, String field) {
        return keyHolding(checkpoint, field).flatMap(checkpoint::get);
    }

    /** The key that holds {@code field} in {@code checkpoint}, if any: this scheme's, or an old unambiguous one. */
    Optional<String> keyHolding(Checkpoint checkpoint, String field) {
        String key = key(field);
        if (checkpoint.get(key).isPresent()) {
            return Optional.of(key);
        }
        String legacy = kind + ":" + name + ":" + field;
        return legacyReadable() && checkpoint.get(legacy).isPresent() ? Optional.of(legacy) : Optional.empty();
    }

    boolean done(Checkpoint checkpoint) {
        return get(checkpoint, DONE).isPresent();
    }

    void markDone(Checkpoint checkpoint) {
        checkpoint.put(key(DONE), "true");
    }

    /** For log lines: "walk 2 over collection 'events'", the name cut. */
    String describe() {
        return "walk " + n + " over " + ("documents".equals(kind) ? "collection '" : "key prefix '")
                + LogText.value(name) + "'";
    }

    private boolean legacyReadable() {
        return n == 1 && name.indexOf('#') < 0 && name.indexOf(':') < 0;
    }

    static String escape(String name) {
        StringBuilder out = new StringBuilder(name.length() + 8);
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '%' || c == ':' || c == '.' || c == '$' || c == '#' || c < 0x20 || c == 0x7f) {
                for (byte b : String.valueOf(c).getBytes(StandardCharsets.UTF_8)) {
                    out.append('%').append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xf, 16)))
                            .append(Character.toUpperCase(Character.forDigit(b & 0xf, 16)));
                }
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
