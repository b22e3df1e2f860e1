package io.smartmigration.test.internal;

import java.security.SecureRandom;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Unique names for a test's database and bucket, readable enough to find a kept one:
 * {@code smt_addsStatus_3_k2x9} and {@code smt-addsstatus-3-k2x9}.
 */
public final class Names {

    /** Every database and bucket the toolkit creates starts with this. */
    public static final String PREFIX = "smt";

    private static final AtomicLong COUNTER = new AtomicLong();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int MAX_HINT = 24;

    private Names() {
    }

    /** A new unique pair of names for one test. */
    public static Names.Pair next(String hint) {
        String unique = Long.toString(COUNTER.incrementAndGet(), 36) + "_" + randomSuffix();
        String database = PREFIX + "_" + databaseHint(hint) + "_" + unique;
        String bucket = (PREFIX + "-" + bucketHint(hint) + "-" + unique.replace('_', '-')).replaceAll("-+", "-");
        return new Pair(database, bucket);
    }

    /** The database and bucket names of one test. */
    public record Pair(String database, String bucket) {
    }

    private static String randomSuffix() {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < 4; i++) {
            s.append(Character.forDigit(RANDOM.nextInt(36), 36));
        }
        return s.toString();
    }

    private static String databaseHint(String hint) {
        String h = hint.replaceAll("[^A-Za-z0-9]", "");
        h = h.isEmpty() ? "test" : h;
        return h.length() > MAX_HINT ? h.substring(0, MAX_HINT) : h;
    }

    private static String bucketHint(String hint) {
        String h = hint.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
        h = h.isEmpty() ? "test" : h;
        return h.length() > MAX_HINT ? h.substring(0, MAX_HINT) : h;
    }
}
