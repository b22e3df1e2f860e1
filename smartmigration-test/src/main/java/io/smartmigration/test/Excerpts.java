package io.smartmigration.test;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Bounded views of what differs between two long values, for diff lines: an excerpt around the
 * first difference with both lengths and hashes, or the changed lines of two texts.
 */
final class Excerpts {

    /** Characters (or bytes) shown on each side of the first difference. */
    private static final int AROUND = 24;
    /** Changed lines shown per object before "... and N more". */
    private static final int MAX_LINES = 10;
    private static final int MAX_LINE = 120;

    private Excerpts() {
    }

    /** Content types shown as text: text/*, JSON (and JSON lines), XML, CSV, YAML. */
    static boolean isText(String contentType) {
        String type = contentType.toLowerCase(Locale.ROOT).split(";")[0].trim();
        return type.startsWith("text/") || type.contains("json") || type.contains("xml") || type.contains("csv")
                || type.contains("yaml");
    }

    /** JSON documents (not JSON lines). */
    static boolean isJson(String contentType) {
        String type = contentType.toLowerCase(Locale.ROOT).split(";")[0].trim();
        return type.equals("application/json") || type.endsWith("+json");
    }

    static Optional<String> utf8(byte[] bytes) {
        try {
            return Optional.of(StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString());
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }

    /** {@code string of 2000 → 2001 chars, first difference at char 1500: "…abcX…" → "…abcY…" (sha256 …)}. */
    static String strings(String x, String y) {
        int at = 0;
        while (at < x.length() && at < y.length() && x.charAt(at) == y.charAt(at)) {
            at++;
        }
        return "string of " + x.length() + " → " + y.length() + " chars, first difference at char " + at + ": "
                + quote(window(x, at)) + " → " + quote(window(y, at)) + " (sha256 "
                + sha(x.getBytes(StandardCharsets.UTF_8)) + " → " + sha(y.getBytes(StandardCharsets.UTF_8)) + ")";
    }

    private static String window(String s, int at) {
        int from = Math.max(0, at - AROUND);
        int to = Math.min(s.length(), at + AROUND);
        return (from > 0 ? "…" : "") + s.substring(from, to) + (to < s.length() ? "…" : "");
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n").replace("\r", "\\r") + "\"";
    }

    /** {@code 12 → 14 bytes, first difference at byte 3: …01 02 [03] 04… → …01 02 [07] 04… (sha256 …)}. */
    static String bytes(byte[] x, byte[] y) {
        int at = 0;
        while (at < x.length && at < y.length && x[at] == y[at]) {
            at++;
        }
        return x.length + " → " + y.length + " bytes, first difference at byte " + at + ": " + hex(x, at) + " → "
                + hex(y, at) + " (sha256 " + sha(x) + " → " + sha(y) + ")";
    }

    private static String hex(byte[] b, int at) {
        int half = AROUND / 3;
        int from = Math.max(0, at - half);
        int to = Math.min(b.length, at + half);
        StringBuilder out = new StringBuilder(from > 0 ? "…" : "");
        for (int i = from; i < to; i++) {
            if (i > from) {
                out.append(' ');
            }
            String h = String.format("%02x", b[i] & 0xff);
            out.append(i == at ? "[" + h + "]" : h);
        }
        if (at >= b.length) {
            out.append(b.length == 0 ? "(empty)" : " [end]");
        }
        return out.append(to < b.length ? "…" : "").toString();
    }

    private static String sha(byte[] bytes) {
        return SnapshotReader.sha256(bytes).substring(0, 8) + "…";
    }

    /**
     * The lines that differ between two texts, after their common first and last lines: each changed
     * line paired with its replacement, then the lines only one side has; at most {@value #MAX_LINES}.
     */
    static List<String> lines(String x, String y) {
        String[] a = x.split("\n", -1);
        String[] b = y.split("\n", -1);
        int prefix = 0;
        while (prefix < a.length && prefix < b.length && a[prefix].equals(b[prefix])) {
            prefix++;
        }
        int suffix = 0;
        while (suffix < a.length - prefix && suffix < b.length - prefix
                && a[a.length - 1 - suffix].equals(b[b.length - 1 - suffix])) {
            suffix++;
        }
        List<String> out = new ArrayList<>();
        int removed = a.length - prefix - suffix;
        int added = b.length - prefix - suffix;
        int paired = Math.min(removed, added);
        for (int i = 0; i < paired; i++) {
            String p = a[prefix + i];
            String q = b[prefix + i];
            out.add("line " + (prefix + i + 1) + ": " + (p.length() > MAX_LINE || q.length() > MAX_LINE ? strings(p, q)
                    : line(p) + " → " + line(q)));
        }
        for (int i = paired; i < removed; i++) {
            out.add("line " + (prefix + i + 1) + " removed: " + line(a[prefix + i]));
        }
        for (int i = paired; i < added; i++) {
            out.add("line " + (prefix + i + 1) + " added: " + line(b[prefix + i]));
        }
        if (out.isEmpty()) {
            out.add("content changed, same lines (" + bytes(x.getBytes(StandardCharsets.UTF_8),
                    y.getBytes(StandardCharsets.UTF_8)) + ")");
        }
        if (out.size() > MAX_LINES) {
            int more = out.size() - MAX_LINES;
            out = new ArrayList<>(out.subList(0, MAX_LINES));
            out.add("... and " + more + " more changed line(s) (" + a.length + " → " + b.length + " lines)");
        }
        return out;
    }

    private static String line(String s) {
        return quote(s.length() <= MAX_LINE ? s : s.substring(0, MAX_LINE) + "…");
    }
}
