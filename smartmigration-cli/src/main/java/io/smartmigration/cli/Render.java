package io.smartmigration.cli;

import io.smartmigration.HistoryEntry;
import io.smartmigration.LockHolder;
import io.smartmigration.internal.ledger.CheckpointState;
import io.smartmigration.internal.ledger.LedgerState;
import io.smartmigration.internal.ledger.LockInfo;
import io.smartmigration.internal.ops.TextTable;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Human-readable text and JSON for what the commands show. */
final class Render {

    private Render() {
    }

    // ---- status

    static String statusText(String ledger, LedgerState state, Instant now) {
        StringBuilder out = new StringBuilder(ledger).append('\n');
        out.append("data version: ").append(state.currentVersion().orElse("(none: no version written yet)"))
                .append(state.updatedAt().equals(Instant.EPOCH) ? "" : " (ledger updated " + state.updatedAt() + ")")
                .append('\n');
        out.append("lock:         ").append(state.lock().map(l -> lockText(l, now)).orElse("free")).append('\n');
        out.append("checkpoint:   ").append(state.checkpoint().map(c -> "step '" + c.stepId() + "' resumes from "
                + c.data() + " (saved " + c.updatedAt() + ")").orElse("none")).append('\n');
        out.append("indexes:      ").append(state.indexes().map(i -> i.declarations().size() + " declared index(es)"
                + " ensured " + i.ensuredAt() + i.declarations().stream().map(d -> "\n  " + d).reduce("", String::concat))
                .orElse("none declared")).append('\n');
        List<HistoryEntry> history = state.history();
        out.append("history:      ").append(history.size()).append(history.size() == 1 ? " entry" : " entries");
        if (!history.isEmpty()) {
            HistoryEntry last = history.get(history.size() - 1);
            out.append("; last: ").append(last.stepId()).append(' ').append(arrow(last)).append(' ')
                    .append(last.status()).append(" at ").append(last.finishedAt()).append(" by ").append(last.owner());
        }
        return out.append('\n').toString();
    }

    static Map<String, Object> statusJson(String ledger, LedgerState state, Instant now) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("ledger", ledger);
        json.put("exists", true);
        json.put("currentVersion", state.currentVersion());
        json.put("updatedAt", state.updatedAt().equals(Instant.EPOCH) ? null : state.updatedAt());
        json.put("lock", state.lock().map(l -> lockJson(l, now)));
        json.put("checkpoint", state.checkpoint().map(Render::checkpointJson));
        json.put("indexes", state.indexes().map(i -> {
            Map<String, Object> indexes = new LinkedHashMap<>();
            indexes.put("fingerprint", i.fingerprint());
            indexes.put("ensuredAt", i.ensuredAt());
            indexes.put("declarations", i.declarations());
            return indexes;
        }));
        json.put("historySize", state.history().size());
        json.put("lastEntry", state.history().isEmpty() ? null
                : entryJson(state.history().get(state.history().size() - 1)));
        return json;
    }

    static Map<String, Object> missingJson(String ledger) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("ledger", ledger);
        json.put("exists", false);
        return json;
    }

    // ---- history

    static String historyText(String ledger, List<HistoryEntry> history) {
        StringBuilder out = new StringBuilder(ledger).append('\n');
        if (history.isEmpty()) {
            return out.append("no history yet\n").toString();
        }
        TextTable table = new TextTable("#", "STEP", "FROM", "TO", "STATUS", "STARTED", "DURATION", "BY", "NOTE");
        for (int i = 0; i < history.size(); i++) {
            HistoryEntry e = history.get(i);
            table.row(String.valueOf(i + 1), e.stepId(), e.from().isEmpty() ? null : e.from(), e.to(),
                    e.status().name(), e.startedAt().toString(), e.durationMs() + " ms", e.owner(),
                    e.skipForward() ? "skip-forward" : "");
        }
        out.append(table.render());
        for (int i = 0; i < history.size(); i++) {
            int number = i + 1;
            HistoryEntry e = history.get(i);
            e.output().ifPresent(output -> out.append("  #").append(number).append(" output: ")
                    .append(output.replace("\n", "\n      ")).append('\n'));
            e.error().ifPresent(error -> out.append("  #").append(number).append(" error: ").append(error).append('\n'));
        }
        return out.toString();
    }

    static Map<String, Object> historyJson(String ledger, List<HistoryEntry> history) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("ledger", ledger);
        json.put("history", history.stream().map(Render::entryJson).toList());
        return json;
    }

    // ---- unlock and baseline

    static String unlockText(String ledger, Optional<LockHolder> removed) {
        return removed.map(h -> "removed the lock of " + h.describe() + (h.expired() ? ""
                        : "\nthe lease was still live: if that instance is running a step, its next ledger write"
                        + " fails with LOCK_LOST and the next run retries the step"))
                .orElse("no lock was held on the " + ledger + "; nothing changed") + "\n";
    }

    static Map<String, Object> unlockJson(String ledger, Optional<LockHolder> removed) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("ledger", ledger);
        json.put("removed", removed.map(h -> {
            Map<String, Object> lock = new LinkedHashMap<>();
            lock.put("owner", h.owner());
            lock.put("host", h.host());
            lock.put("acquiredAt", h.acquiredAt());
            lock.put("expiresAt", h.expiresAt());
            lock.put("expired", h.expired());
            return lock;
        }));
        return json;
    }

    static String baselineText(String ledger, HistoryEntry entry) {
        return "baselined the " + ledger + " at " + entry.to()
                + (entry.from().isEmpty() ? "" : " (it was at " + entry.from() + ")")
                + "\nthe steps up to " + entry.to() + " count as applied; the application runs the steps after it\n";
    }

    static Map<String, Object> baselineJson(String ledger, HistoryEntry entry) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("ledger", ledger);
        json.put("baseline", entryJson(entry));
        return json;
    }

    static Map<String, Object> errorJson(String code, String message) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", code);
        error.put("message", message);
        return Map.of("error", error);
    }

    // ---- parts

    private static String arrow(HistoryEntry e) {
        return (e.from().isEmpty() ? "(none)" : e.from()) + " -> " + e.to();
    }

    private static String lockText(LockInfo lock, Instant now) {
        return "held by '" + lock.owner() + "' on host " + lock.host() + ", acquired " + lock.acquiredAt()
                + ", lease " + (lock.expiredAt(now) ? "EXPIRED " + lock.expiresAt()
                + " (the holder is most likely dead; the next run takes over)" : "expires " + lock.expiresAt() + " (live)");
    }

    private static Map<String, Object> lockJson(LockInfo lock, Instant now) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("owner", lock.owner());
        json.put("host", lock.host());
        json.put("acquiredAt", lock.acquiredAt());
        json.put("expiresAt", lock.expiresAt());
        json.put("expired", lock.expiredAt(now));
        return json;
    }

    private static Map<String, Object> checkpointJson(CheckpointState checkpoint) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("stepId", checkpoint.stepId());
        json.put("data", new LinkedHashMap<String, Object>(checkpoint.data()));
        json.put("updatedAt", checkpoint.updatedAt());
        return json;
    }

    private static Map<String, Object> entryJson(HistoryEntry e) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("stepId", e.stepId());
        json.put("from", e.from());
        json.put("to", e.to());
        json.put("status", e.status());
        json.put("skipForward", e.skipForward());
        json.put("startedAt", e.startedAt());
        json.put("finishedAt", e.finishedAt());
        json.put("durationMs", e.durationMs());
        json.put("owner", e.owner());
        json.put("error", e.error());
        json.put("checksum", e.checksum());
        json.put("output", e.output());
        return json;
    }
}
