package io.smartmigration.test;

import static org.assertj.core.api.Assertions.assertThat;

import io.smartmigration.test.internal.OrphanVersions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@org.junit.jupiter.api.DisplayName("An orphan version for the skip-forward check")
class OrphanVersionsTest {

    @ParameterizedTest(name = "between {0} and {1}: {2}")
    @CsvSource({
            "1.0.0, 1.1.0, 1.0.1-orphan",
            "1.0.0, 1.0.1, 1.0.1-orphan",
            "1.0.0, 2.0.0, 1.0.1-orphan",
            "1.0.0, 1.0.1-beta, 1.0.1-0",
            "1.9.9, 2.0.0, 1.9.10-orphan",
            "1.0.0-alpha, 1.0.0, 1.0.0-alpha.orphan",
            "1.0.0-alpha, 1.0.0-alpha.1, 1.0.0-alpha.0",
            "1.0.0, 1.0.1-0, ''",
    })
    void findsAVersionStrictlyInside(String from, String to, String expected) {
        assertThat(OrphanVersions.inside(from, to).orElse("")).isEqualTo(expected);
    }
}
