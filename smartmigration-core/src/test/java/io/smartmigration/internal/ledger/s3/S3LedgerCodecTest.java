package io.smartmigration.internal.ledger.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smartmigration.HistoryEntry;
import io.smartmigration.HistoryStatus;
import io.smartmigration.internal.ledger.CheckpointState;
import io.smartmigration.internal.ledger.HistoryCodec.Malformed;
import io.smartmigration.internal.ledger.LedgerState;
import io.smartmigration.internal.ledger.LockInfo;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@DisplayName("An S3 ledger state object")
class S3LedgerCodecTest {

    private static final Instant T = Instant.parse("2025-03-01T10:15:30.123456789Z");

    private static LedgerState fullState() {
        return new LedgerState("smartmigration", Optional.of("1.1.0-rc.1"), T,
                Optional.of(new LockInfo("app-1", "token-1", "host-a", T, T.plusSeconds(600))),
                Optional.of(new CheckpointState("move", Map.of("objects:a/:lastKey", "a/0042", "n", "7"), T)),
                List.of(new HistoryEntry("add", "1.0.0", "1.1.0-rc.1", HistoryStatus.APPLIED, true, T, T.plusMillis(5), 5,
                                "app-1", Optional.empty()),
                        new HistoryEntry("move", "1.1.0-rc.1", "2.0.0", HistoryStatus.FAILED, false, T, T, 0, "app-1",
                                Optional.of("java.io.IOException: \"quoted\"\nsecond line"))));
    }

    private static LedgerState parse(String json) {
        return S3LedgerCodec.parse(json.getBytes(StandardCharsets.UTF_8), "smartmigration", 3).state();
    }

    private static String minimal(String members) {
        return "{\"name\": \"smartmigration\", \"schemaVersion\": 1, \"sequence\": 3" + members + "}";
    }

    @Test
    @DisplayName("reads back exactly the state that was written, instants to the nanosecond")
    void roundTrips() {
        LedgerState state = fullState();

        S3LedgerCodec.Parsed back = S3LedgerCodec.parse(S3LedgerCodec.write(state, 3, List.of("c1", "c2")),
                "smartmigration", 3);

        assertThat(back.state()).isEqualTo(state);
        assertThat(back.recentChanges()).containsExactly("c1", "c2");
    }

    @Test
    @DisplayName("carries a class-based step's checksum in its history entry, and writes none for an entry without one")
    void checksum() {
        HistoryEntry withChecksum = new HistoryEntry("add", "1.0.0", "1.1.0", HistoryStatus.APPLIED, false, T, T, 1,
                "app-1", Optional.empty(), Optional.of("ab12"));
        HistoryEntry without = new HistoryEntry("more", "1.1.0", "1.2.0", HistoryStatus.APPLIED, false, T, T, 1,
                "app-1", Optional.empty());
        LedgerState state = new LedgerState("smartmigration", Optional.of("1.2.0"), T, Optional.empty(),
                Optional.empty(), List.of(withChecksum, without));

        byte[] bytes = S3LedgerCodec.write(state, 3, List.of());
        String json = new String(bytes, StandardCharsets.UTF_8);

        assertThat(S3LedgerCodec.parse(bytes, "smartmigration", 3).state().history())
                .containsExactly(withChecksum, without);
        assertThat(json).containsOnlyOnce("\"checksum\": \"ab12\"");
    }

    @Test
    @DisplayName("is written in the logical ledger shape of the design, readable by people")
    void writesTheLogicalShape() {
        String json = new String(S3LedgerCodec.write(fullState(), 3, List.of("c1")), StandardCharsets.UTF_8);

        assertThat(json).contains("\"name\": \"smartmigration\"", "\"schemaVersion\": 1", "\"sequence\": 3",
                "\"currentVersion\": \"1.1.0-rc.1\"", "\"updatedAt\": \"2025-03-01T10:15:30.123456789Z\"",
                "\"lock\": {", "\"token\": \"token-1\"", "\"checkpoint\": {", "\"history\": [",
                "\"status\": \"APPLIED\"", "\"error\": null", "\"recentChanges\": [");
    }

    @Test
    @DisplayName("with only the required members is a ledger without version, lock, checkpoint or history")
    void minimalState() {
        LedgerState state = parse(minimal(", \"currentVersion\": null, \"lock\": null"));

        assertThat(state.currentVersion()).isEmpty();
        assertThat(state.lock()).isEmpty();
        assertThat(state.checkpoint()).isEmpty();
        assertThat(state.history()).isEmpty();
    }

    @Test
    @DisplayName("ignores members it does not know, for ledgers written by a later compatible release")
    void ignoresUnknownMembers() {
        assertThat(parse(minimal(", \"comment\": {\"any\": [1]}")).currentVersion()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @DisplayName("is refused with a message naming the problem when its shape is wrong")
    @CsvSource(delimiter = '|', value = {
            "unknown schemaVersion | {\"name\": \"smartmigration\", \"schemaVersion\": 2, \"sequence\": 3} | schemaVersion is a Long (2), this smartmigration reads schemaVersion 1",
            "missing schemaVersion | {\"name\": \"smartmigration\", \"sequence\": 3} | schemaVersion is missing",
            "schemaVersion as text | {\"name\": \"smartmigration\", \"schemaVersion\": \"1\", \"sequence\": 3} | schemaVersion is the string \"1\"",
            "another ledger's name | {\"name\": \"other\", \"schemaVersion\": 1, \"sequence\": 3} | ledger.name is \"other\"",
            "sequence not matching its key | {\"name\": \"smartmigration\", \"schemaVersion\": 1, \"sequence\": 4} | ledger.sequence is a Long (4) but the object's key says 3",
            "version as a number | MIN, \"currentVersion\": 2 | ledger.currentVersion is a Long (2), expected string",
            "version not SemVer | MIN, \"currentVersion\": \"v2\" | ledger.currentVersion is \"v2\", which is not a strict SemVer 2.0.0 version",
            "lock as a string | MIN, \"lock\": \"held\" | ledger.lock is the string \"held\", expected map",
            "lock without token | MIN, \"lock\": {\"owner\": \"a\", \"acquiredAt\": \"2025-01-01T00:00:00Z\", \"expiresAt\": \"2025-01-01T00:00:00Z\"} | ledger.lock.token is missing",
            "lock expiry not an instant | MIN, \"lock\": {\"owner\": \"a\", \"token\": \"t\", \"acquiredAt\": \"2025-01-01T00:00:00Z\", \"expiresAt\": \"tomorrow\"} | ledger.lock.expiresAt is the string \"tomorrow\", expected an ISO-8601 instant",
            "checkpoint value not a string | MIN, \"checkpoint\": {\"stepId\": \"s\", \"data\": {\"k\": 1}} | ledger.checkpoint.data.k is a number, expected a string",
            "history as an object | MIN, \"history\": {} | ledger.history is a LinkedHashMap ({}), expected list",
            "history entry as a string | MIN, \"history\": [\"x\"] | ledger.history[0] is a string, expected an object",
            "unknown status | MIN, \"history\": [{\"stepId\": \"s\", \"from\": \"1.0.0\", \"to\": \"2.0.0\", \"status\": \"DONE\", \"startedAt\": \"2025-01-01T00:00:00Z\", \"finishedAt\": \"2025-01-01T00:00:00Z\", \"durationMs\": 1}] | ledger.history[0].status is \"DONE\", expected APPLIED, FAILED or STAMPED",
            "duration as text | MIN, \"history\": [{\"stepId\": \"s\", \"from\": \"1.0.0\", \"to\": \"2.0.0\", \"status\": \"APPLIED\", \"startedAt\": \"2025-01-01T00:00:00Z\", \"finishedAt\": \"2025-01-01T00:00:00Z\", \"durationMs\": \"1\"}] | ledger.history[0].durationMs is the string \"1\", expected number",
            "recent changes not strings | MIN, \"recentChanges\": [1] | ledger.recentChanges[0] is a number, expected a string",
            "a top-level array | [] | the top level is an array"})
    void refusesWrongShapes(String what, String json, String message) {
        String text = json.startsWith("MIN") ? minimal(json.substring(3)) : json;

        assertThatThrownBy(() -> parse(text)).as(what).isInstanceOf(Malformed.class).hasMessageContaining(message);
    }

    @Test
    @DisplayName("is refused when it is not JSON at all, or cut short")
    void refusesNonJson() {
        byte[] whole = S3LedgerCodec.write(fullState(), 3, List.of("c1"));
        byte[] truncated = java.util.Arrays.copyOf(whole, whole.length / 2);

        assertThatThrownBy(() -> parse("not json")).isInstanceOf(Malformed.class).hasMessageContaining("not valid JSON");
        assertThatThrownBy(() -> S3LedgerCodec.parse(truncated, "smartmigration", 3)).isInstanceOf(Malformed.class)
                .hasMessageContaining("not valid JSON");
    }
}
