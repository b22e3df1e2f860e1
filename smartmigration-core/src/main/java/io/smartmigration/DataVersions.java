package io.smartmigration;

import io.smartmigration.internal.version.Versions;
import java.util.Comparator;

/**
 * Data versions as the runner reads them: strict SemVer 2.0.0 strings (no {@code v} prefix, no
 * leading zeros, no missing parts), ordered by SemVer precedence with build metadata ignored.
 * For tools that reason about a chain's versions the way the planner does.
 *
 * <pre>{@code
 * DataVersions.isValid("1.4.0");                 // true
 * DataVersions.isValid("v1.4");                  // false
 * DataVersions.compare("1.4.0-rc.1", "1.4.0");   // negative: a prerelease precedes its release
 * List<String> sorted = versions.stream().sorted(DataVersions.PRECEDENCE).toList();
 * }</pre>
 */
public final class DataVersions {

    /** Orders valid versions by SemVer precedence; throws {@link ErrorCode#INVALID_VERSION} for others. */
    public static final Comparator<String> PRECEDENCE = DataVersions::compare;

    private DataVersions() {
    }

    /** Whether {@code version} is a strict SemVer 2.0.0 version; false for null. */
    public static boolean isValid(String version) {
        return Versions.isValid(version);
    }

    /**
     * Returns {@code version} when valid.
     *
     * @param role what the version is, for the message: "the baseline version", "stampLedger(...)"
     * @throws SmartMigrationException {@link ErrorCode#INVALID_VERSION}, naming the role and the value
     */
    public static String requireValid(String version, String role) {
        return Versions.require(version, role);
    }

    /**
     * SemVer precedence: negative, zero or positive as {@code a} is lower than, equal to (build
     * metadata aside) or higher than {@code b}.
     *
     * @throws SmartMigrationException {@link ErrorCode#INVALID_VERSION} when either is not valid
     */
    public static int compare(String a, String b) {
        return Versions.compare(Versions.require(a, "the first version"), Versions.require(b, "the second version"));
    }
}
