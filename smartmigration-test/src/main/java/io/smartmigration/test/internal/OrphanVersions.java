package io.smartmigration.test.internal;

import io.smartmigration.DataVersions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds a version strictly between a step's {@code from} and {@code to}: the version an orphan
 * ledger could hold (left by a release whose step ended there and was later removed).
 */
public final class OrphanVersions {

    private static final Pattern CORE = Pattern.compile("^(\\d+)\\.(\\d+)\\.(\\d+)(?:-([^+]+))?(?:\\+.*)?$");

    private OrphanVersions() {
    }

    /**
     * The first of these candidates that lies strictly inside ({@code from}, {@code to}):
     * {@code M.m.(p+1)-orphan}, {@code M.m.(p+1)-0}, {@code M.(m+1).0-orphan}, {@code (M+1).0.0-orphan}
     * and, when {@code from} is a prerelease, {@code from.orphan} and {@code from.0}.
     * Empty when no version fits (for example between {@code 1.0.0} and {@code 1.0.1-0}).
     */
    public static Optional<String> inside(String from, String to) {
        Matcher m = CORE.matcher(from);
        if (!m.matches()) {
            return Optional.empty();
        }
        long major = Long.parseLong(m.group(1));
        long minor = Long.parseLong(m.group(2));
        long patch = Long.parseLong(m.group(3));
        String pre = m.group(4);
        List<String> candidates = new ArrayList<>();
        candidates.add(major + "." + minor + "." + (patch + 1) + "-orphan");
        candidates.add(major + "." + minor + "." + (patch + 1) + "-0");
        candidates.add(major + "." + (minor + 1) + ".0-orphan");
        candidates.add((major + 1) + ".0.0-orphan");
        if (pre != null) {
            String base = major + "." + minor + "." + patch + "-" + pre;
            candidates.add(base + ".orphan");
            candidates.add(base + ".0");
        }
        return candidates.stream()
                .filter(DataVersions::isValid)
                .filter(c -> DataVersions.compare(from, c) < 0 && DataVersions.compare(c, to) < 0)
                .findFirst();
    }
}
