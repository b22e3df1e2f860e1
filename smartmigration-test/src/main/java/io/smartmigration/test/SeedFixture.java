package io.smartmigration.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Seeds the test's database and bucket from a classpath fixture folder before the test runs, as
 * {@code harness.seed(Fixture.load(value()))} would: the data is written and the ledger stamped at
 * the fixture's version. (Named {@code SeedFixture} so it does not clash with the {@link Fixture}
 * class.)
 *
 * <pre>{@code
 * @MigrationTest
 * class UserMigrationTest {
 *     @Test
 *     @SeedFixture("fixtures/1.0.0")
 *     void migratesTheOneDotZeroData(MigrationHarness h) {
 *         MigrationAssertions.assertThat(h.run(Migrations.chain())).reachedTarget();
 *     }
 * }
 * }</pre>
 *
 * <p>On a class it seeds before every test of the class; a method's annotation wins over its
 * class's. The test runs under {@link MigrationTest}'s defaults when it carries no
 * {@code @MigrationTest} of its own.
 */
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(MigrationTestExtension.class)
public @interface SeedFixture {

    /** The classpath folder of the fixture, for example {@code "fixtures/1.0.0"}; see {@link Fixture#load(String)}. */
    String value();
}
