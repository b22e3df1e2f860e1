package io.smartmigration.internal.version;

import io.smartmigration.ErrorCode;
import io.smartmigration.SmartMigrationException;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.semver4j.Semver;

/** Strict SemVer 2.0.0 validation (the official grammar) and precedence comparison. */
public final class Versions {

    private static final Pattern STRICT_SEMVER = Pattern.compile(
            "^(0|[1-9]\\d*)\\.(0|[1-9]\\d*)\\.(0|[1-9]\\d*)"
                    + "(?:-((?:0|[1-9]\\d*|\\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\\.(?:0|[1-9]\\d*|\\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?"
                    + "(?:\\+([0-9a-zA-Z-]+(?:\\.[0-9a-zA-Z-]+)*))?$");

    /**
     * Parsed versions, kept: a process compares the same few strings (the chain's, the target, the
     * ledger's) on every build and run, and semver4j's parser (which formats a string per version)
     * was the largest cost of {@code build()} and a tenth of a no-op {@code run()}'s own CPU.
     */
    private static final Map<String, Semver> PARSED = new ConcurrentHashMap<>();
    private static final int PARSED_LIMIT = 4096;

    /** Orders versions by SemVer precedence (build metadata ignored). */
    public static final Comparator<String> PRECEDENCE = Versions::compare;

    private Versions() {
    }

    public static boolean isValid(String version) {
        return version != null && STRICT_SEMVER.matcher(version).matches();
    }

    /**
     * Throws {@link ErrorCode#INVALID_VERSION} unless {@code version} is strict SemVer 2.0.0.
     *
     * @param role what the version is, for the message: "targetVersion", "step 'x' from", ...
     */
    public static String require(String version, String role) {
        if (!isValid(version)) {
            throw new SmartMigrationException(ErrorCode.INVALID_VERSION,
                    role + " is " + (version == null ? "missing" : "'" + version + "'")
                            + ", which is not a strict SemVer 2.0.0 version: use MAJOR.MINOR.PATCH with an optional"
                            + " -prerelease and +build, for example '1.4.0' or '2.0.0-rc.1' (no 'v' prefix,"
                            + " no leading zeros, no missing parts)");
        }
        return version;
    }

    public static int compare(String a, String b) {
        return parse(a).compareTo(parse(b));
    }

    private static Semver parse(String version) {
        Semver parsed = PARSED.get(version);
        if (parsed == null) {
            parsed = new Semver(version);
            if (PARSED.size() < PARSED_LIMIT) {
                PARSED.put(version, parsed);
            }
        }
        return parsed;
    }

    public static boolean lower(String a, String b) {
        return compare(a, b) < 0;
    }

    public static boolean same(String a, String b) {
        return compare(a, b) == 0;
    }
}
