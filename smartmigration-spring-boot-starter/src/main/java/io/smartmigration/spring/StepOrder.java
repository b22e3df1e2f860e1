package io.smartmigration.spring;

import io.smartmigration.MigrationStep;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.semver4j.Semver;

/**
 * The chain order of the starter's steps (the {@link MigrationStep} beans, then with those the
 * customizers added): by {@code from} version (SemVer precedence), ties kept in registration
 * order. Bean registration order depends on component scanning and configuration classes, and a
 * customizer's order on {@code @Order}, never on the versions, so neither can be the chain's order.
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
