package io.smartmigration.cli;

import io.smartmigration.EnsuredIndexes;
import io.smartmigration.HistoryEntry;
import io.smartmigration.LedgerContents;
import io.smartmigration.LockHolder;
import io.smartmigration.SavedCheckpoint;
import java.io.StringWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import picocli.CommandLine.Help;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.json.JsonFactory;

/**
 * Human-readable text and JSON for what the commands show. JSON is written with jackson-core's
 * generator (one compact object per command, members in a stable order); text tables with
 * picocli's {@link Help.TextTable}.
 */
final class Render {

    private static final JsonFactory JSON = JsonFactory.builder().build();

    private Render() {
    }

    // ---- status

    static String statusText(LedgerContents state) {
        StringBuilder out = new StringBuilder(state.ledger()).append('\n');
        out.append("data version: ").append(state.currentVersion().orElse("(none: no version written yet)"))
                .append(state.updatedAt().map(at -> " (ledger updated " + at + ")").orElse("")).append('\n');
        out.append("lock:         ").append(state.lock().map(Render::lockText).orElse("free")).append('\n');
        out.append("checkpoint:   ").append(state.checkpoint().map(c -> "step '" + c.stepId() + "' resumes from "
                + c.data() + c.updatedAt().map(at -> " (saved " + at + ")").orElse("")).orElse("none")).append('\n');
        out.append("indexes:      ").append(state.indexes().map(i -> i.declarations().size() + " declared index(es)"
                + " ensured " + i.ensuredAt() + i.declarations().stream().map(d -> "\n  " + d).reduce("", String::concat))
                .orElse("none declared")).append('\n');
        List<HistoryEntry> history = state.history();
        out.append("history:      ").append(history.size()).append(history.size() == 1 ? " entry" : " entries");
        state.lastEntry().ifPresent(last -> out.append("; last: ").append(last.stepId()).append(' ').append(arrow(last))
                .append(' ').append(last.status()).append(" at ").append(last.finishedAt()).append(" by ")
                .append(last.owner()));
        return out.append('\n').toString();
    }

    static String statusJson(LedgerContents state) {
        return json(g -> {
            g.writeStringProperty("ledger", state.ledger());
            g.writeBooleanProperty("exists", true);
            g.writeStringProperty("currentVersion", state.currentVersion().orElse(null));
            g.writeStringProperty("updatedAt", state.updatedAt().map(Instant::toString).orElse(null));
            g.writeName("lock");
            optional(g, state.lock(), Render::lockJson);
            g.writeName("checkpoint");
            optional(g, state.checkpoint(), Render::checkpointJson);
            g.writeName("indexes");
            optional(g, state.indexes(), Render::indexesJson);
            g.writeNumberProperty("historySize", state.history().size());
            g.writeName("lastEntry");
            optional(g, state.lastEntry(), Render::entryJson);
        });
    }

    static String missingJson(String ledger) {
        return json(g -> {
            g.writeStringProperty("ledger", ledger);
            g.writeBooleanProperty("exists", false);
        });
    }

    // ---- history

    static String historyText(LedgerContents state) {
        List<HistoryEntry> history = state.history();
        StringBuilder out = new StringBuilder(state.ledger()).append('\n');
        if (history.isEmpty()) {
            return out.append("no history yet\n").toString();
        }
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"#", "STEP", "FROM", "TO", "STATUS", "STARTED", "DURATION", "BY", "NOTE"});
        for (int i = 0; i < history.size(); i++) {
            HistoryEntry e = history.get(i);
            rows.add(new String[] {String.valueOf(i + 1), e.stepId(), e.from().isEmpty() ? "-" : e.from(), e.to(),
                    e.status().name(), e.startedAt().toString(), e.durationMs() + " ms", e.owner(),
                    e.skipForward() ? "skip-forward" : ""});
        }
        out.append(table(rows));
        for (int i = 0; i < history.size(); i++) {
            int number = i + 1;
            history.get(i).output().ifPresent(output -> out.append("  #").append(number).append(" output: ")
                    .append(output.replace("\n", "\n      ")).append('\n'));
            history.get(i).error().ifPresent(error -> out.append("  #").append(number).append(" error: ").append(error)
                    .append('\n'));
        }
        return out.toString();
    }

    static String historyJson(LedgerContents state) {
        return json(g -> {
            g.writeStringProperty("ledger", state.ledger());
            g.writeArrayPropertyStart("history");
            state.history().forEach(e -> entryJson(g, e));
            g.writeEndArray();
        });
    }

    // ---- unlock and baseline

    static String unlockText(String ledger, Optional<LockHolder> removed) {
        return removed.map(h -> "removed the lock of " + h.describe() + (h.expired() ? ""
                        : "\nthe lease was still live: if that instance is running a step, its next ledger write"
                        + " fails with LOCK_LOST and the next run retries the step"))
                .orElse("no lock was held on the " + ledger + "; nothing changed") + "\n";
    }

    static String unlockJson(String ledger, Optional<LockHolder> removed) {
        return json(g -> {
            g.writeStringProperty("ledger", ledger);
            g.writeName("removed");
            optional(g, removed, Render::lockJson);
        });
    }

    static String baselineText(String ledger, HistoryEntry entry) {
        return "baselined the " + ledger + " at " + entry.to()
                + (entry.from().isEmpty() ? "" : " (it was at " + entry.from() + ")")
                + "\nthe steps up to " + entry.to() + " count as applied; the application runs the steps after it\n";
    }

    static String baselineJson(String ledger, HistoryEntry entry) {
        return json(g -> {
            g.writeStringProperty("ledger", ledger);
            g.writeName("baseline");
            entryJson(g, entry);
        });
    }

    static String errorJson(String code, String message) {
        return json(g -> {
            g.writeObjectPropertyStart("error");
            g.writeStringProperty("code", code);
            g.writeStringProperty("message", message);
            g.writeEndObject();
        });
    }

    /** Rows (a header is just the first) as left-aligned columns two spaces apart, without trailing blanks. */
    static String table(List<String[]> rows) {
        int columns = rows.get(0).length;
        int[] widths = new int[columns];
        for (String[] row : rows) {
            for (int i = 0; i < columns; i++) {
                widths[i] = Math.max(widths[i], row[i].length() + (i < columns - 1 ? 2 : 1));
            }
        }
        Help.TextTable table = Help.TextTable.forColumnWidths(Help.Ansi.OFF, widths);
        rows.forEach(table::addRowValues);
        StringBuilder out = new StringBuilder();
        table.toString().lines().forEach(line -> out.append(line.stripTrailing()).append('\n'));
        return out.toString();
    }

    // ---- parts

    private static String arrow(HistoryEntry e) {
        return (e.from().isEmpty() ? "(none)" : e.from()) + " -> " + e.to();
    }

    private static String lockText(LockHolder lock) {
        return "held by '" + lock.owner() + "' on host " + lock.host() + ", acquired " + lock.acquiredAt()
                + ", lease " + (lock.expired() ? "EXPIRED " + lock.expiresAt()
                + " (the holder is most likely dead; the next run takes over)" : "expires " + lock.expiresAt() + " (live)");
    }

    private static void lockJson(JsonGenerator g, LockHolder lock) {
        g.writeStartObject();
        g.writeStringProperty("owner", lock.owner());
        g.writeStringProperty("host", lock.host());
        g.writeStringProperty("acquiredAt", lock.acquiredAt().toString());
        g.writeStringProperty("expiresAt", lock.expiresAt().toString());
        g.writeBooleanProperty("expired", lock.expired());
        g.writeEndObject();
    }

    private static void checkpointJson(JsonGenerator g, SavedCheckpoint checkpoint) {
        g.writeStartObject();
        g.writeStringProperty("stepId", checkpoint.stepId());
        g.writeObjectPropertyStart("data");
        for (Map.Entry<String, String> e : new java.util.TreeMap<>(checkpoint.data()).entrySet()) {
            g.writeStringProperty(e.getKey(), e.getValue());
        }
        g.writeEndObject();
        g.writeStringProperty("updatedAt", checkpoint.updatedAt().map(Instant::toString).orElse(null));
        g.writeEndObject();
    }

    private static void entryJson(JsonGenerator g, HistoryEntry e) {
        g.writeStartObject();
        g.writeStringProperty("stepId", e.stepId());
        g.writeStringProperty("from", e.from());
        g.writeStringProperty("to", e.to());
        g.writeStringProperty("status", e.status().name());
        g.writeBooleanProperty("skipForward", e.skipForward());
        g.writeStringProperty("startedAt", e.startedAt().toString());
        g.writeStringProperty("finishedAt", e.finishedAt().toString());
        g.writeNumberProperty("durationMs", e.durationMs());
        g.writeStringProperty("owner", e.owner());
        g.writeStringProperty("error", e.error().orElse(null));
        g.writeStringProperty("checksum", e.checksum().orElse(null));
        g.writeStringProperty("output", e.output().orElse(null));
        g.writeEndObject();
    }

    private static void indexesJson(JsonGenerator g, EnsuredIndexes indexes) {
        g.writeStartObject();
        g.writeStringProperty("fingerprint", indexes.fingerprint());
        g.writeStringProperty("ensuredAt", indexes.ensuredAt().toString());
        g.writeArrayPropertyStart("declarations");
        indexes.declarations().forEach(g::writeString);
        g.writeEndArray();
        g.writeEndObject();
    }

    private interface Writer<T> {
        void write(JsonGenerator g, T value);
    }

    private static <T> void optional(JsonGenerator g, Optional<T> value, Writer<T> writer) {
        if (value.isPresent()) {
            writer.write(g, value.get());
        } else {
            g.writeNull();
        }
    }

    /** One compact JSON object whose members {@code members} writes. */
    private static String json(Consumer<JsonGenerator> members) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            members.accept(g);
            g.writeEndObject();
        }
        return out.toString();
    }
}
