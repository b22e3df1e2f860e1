package io.smartmigration;

import java.time.Instant;
import java.util.List;

/**
 * What a ledger records of the indexes an application declared with
 * {@link SmartMigration.Builder#index}: the declarations last ensured, their fingerprint, and when.
 * A run whose declarations have this fingerprint does not look at the indexes at all.
 *
 * <pre>{@code
 * ledger.read().flatMap(LedgerContents::indexes).ifPresent(i ->
 *     i.declarations().forEach(d -> log.info("ensured {} at {}", d, i.ensuredAt())));
 * }</pre>
 *
 * @param fingerprint  SHA-256 (hex) of the sorted declarations
 * @param declarations each declaration as {@code collection.name definition}, for example
 *                     {@code users.email_1 {"key": {"email": 1}, "unique": true}}
 * @param ensuredAt    when a run last ensured them
 */
public record EnsuredIndexes(String fingerprint, List<String> declarations, Instant ensuredAt) {

    public EnsuredIndexes {
        declarations = List.copyOf(declarations);
    }
}
