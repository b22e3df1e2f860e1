package io.smartmigration.internal.ledger;

import java.time.Instant;
import java.util.List;

/**
 * What the ledger records of the indexes declared with {@code Builder.index(...)}: the declarations
 * last ensured (each as {@code collection.name definition}), their fingerprint, and when. A run whose
 * declarations have this fingerprint does not look at the indexes at all.
 */
public record EnsuredIndexes(String fingerprint, List<String> declarations, Instant ensuredAt) {

    public EnsuredIndexes {
        declarations = List.copyOf(declarations);
    }
}
