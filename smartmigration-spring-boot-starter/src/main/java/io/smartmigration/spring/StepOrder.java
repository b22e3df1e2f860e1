package io.smartmigration.spring;

import io.smartmigration.MigrationStep;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.semver4j.Semver;

/**
 * The chain order of the context's {@link MigrationStep} beans: by {@code from} version (SemVer
 * precedence), ties kept in bean order. Bean registration order depends on component scanning and
 * configuration classes, never on the versions, so it cannot be the chain's order.
 */
final class StepOrder {

    private StepOrder() {
    }

    /**
     * The steps sorted by {@code from}. When a {@code from} is not a SemVer version the steps are
     * returned as given, and {@code SmartMigration.Builder#build()} reports the version with
     * {@code INVALID_VERSION}, naming the step.
     */
    static List<MigrationStep> byFrom(Stream<MigrationStep> beans) {
        List<MigrationStep> steps = beans.toList();
        if (steps.stream().anyMatch(s -> s.from() == null || Semver.parse(s.from()) == null)) {
            return steps;
        }
        return steps.stream().sorted(Comparator.comparing(s -> Semver.parse(s.from()))).toList();
    }
}
