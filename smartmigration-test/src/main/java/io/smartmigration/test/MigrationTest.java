package io.smartmigration.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs a test class or method against MongoDB and S3 servers, gives every test its own database
 * and bucket (removed afterwards), and injects {@code MongoClient}, {@code MongoDatabase},
 * {@code S3Client}, {@link TestBucket} and {@link MigrationHarness} parameters.
 *
 * <pre>{@code
 * @MigrationTest
 * class UserMigrationTest {
 *     @Test
 *     void addsStatus(MigrationHarness h) {
 *         h.seed(Fixture.at("1.0.0").documents("users", Document.parse("{_id: 1, name: 'a'}")));
 *         MigrationAssertions.assertThat(h.run(Migrations.chain())).reachedTarget().applied("add-status");
 *     }
 *
 *     @TestFactory
 *     Stream<DynamicTest> chainIsSafe() {
 *         return MigrationChecks.forChain(Migrations::chain).fromFixtures(Fixture.load("fixtures/1.0.0")).dynamicTests();
 *     }
 * }
 * }</pre>
 *
 * <p>The annotation works on a class, on a method (which then overrides the class's settings),
 * and as a meta-annotation on your own annotation. Set {@code -Dsmartmigration.test.keep=true} to
 * keep the database and bucket of a failed test; their names are logged and published as a
 * report entry.
 */
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(MigrationTestExtension.class)
public @interface MigrationTest {

    /** Which servers to use; see {@link Backend}. */
    Backend backend() default Backend.AUTO;

    /** Whether the test uses MongoDB (a database per test). */
    boolean mongo() default true;

    /** Whether the test uses S3 (a bucket per test). */
    boolean s3() default true;
}
