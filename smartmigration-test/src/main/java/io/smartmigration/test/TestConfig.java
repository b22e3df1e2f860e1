package io.smartmigration.test;

import io.smartmigration.test.internal.Settings;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The settings of one test: the nearest {@link MigrationTest} (method, then class, then enclosing
 * classes; meta-annotations count) and the nearest {@link SeedFixture}.
 */
record TestConfig(Backend backend, boolean mongo, boolean s3, Optional<String> seedFixture, String source) {

    public static TestConfig of(ExtensionContext context) {
        Optional<MigrationTest> annotation = Optional.empty();
        Optional<SeedFixture> seed = Optional.empty();
        String source = "the defaults of @MigrationTest";
        for (ExtensionContext c = context; c != null; c = c.getParent().orElse(null)) {
            if (annotation.isEmpty()) {
                annotation = AnnotationSupport.findAnnotation(c.getElement(), MigrationTest.class);
                if (annotation.isPresent()) {
                    source = describe(c);
                }
            }
            if (seed.isEmpty()) {
                seed = AnnotationSupport.findAnnotation(c.getElement(), SeedFixture.class);
            }
        }
        TestConfig config = annotation
                .map(a -> new TestConfig(a.backend(), a.mongo(), a.s3(), Optional.empty(), ""))
                .orElse(new TestConfig(Backend.AUTO, true, true, Optional.empty(), ""));
        config = new TestConfig(config.backend(), config.mongo(), config.s3(), seed.map(SeedFixture::value), source);
        config.validate();
        return config;
    }

    private void validate() {
        if (!mongo && !s3) {
            throw new ExtensionConfigurationException(source + " sets mongo = false and s3 = false, which leaves"
                    + " nothing to test: keep at least one of them true");
        }
        if (seedFixture.isPresent() && seedFixture.get().isBlank()) {
            throw new ExtensionConfigurationException("@SeedFixture(\"\") names no folder: pass the classpath folder"
                    + " of the fixture, for example @SeedFixture(\"fixtures/1.0.0\")");
        }
    }

    /** The backend after the run-wide override {@code smartmigration.test.backend} (which only replaces AUTO). */
    public Backend effectiveBackend(Settings settings) {
        if (backend != Backend.AUTO) {
            return backend;
        }
        Optional<String> override = settings.get(Settings.BACKEND);
        if (override.isEmpty()) {
            return Backend.AUTO;
        }
        try {
            return Backend.valueOf(override.get().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ExtensionConfigurationException(Settings.BACKEND + " is '" + override.get() + "': use one of "
                    + Arrays.stream(Backend.values()).map(Enum::name).collect(Collectors.joining(", ")));
        }
    }

    /**
     * Where the {@code @MigrationTest} that applies to {@code c} is written: on the method or the
     * class itself, on a superclass, or through a meta-annotation, named so the user finds it.
     */
    private static String describe(ExtensionContext c) {
        if (c.getTestMethod().isPresent()) {
            java.lang.reflect.Method m = c.getTestMethod().get();
            return "@MigrationTest" + through(m) + " on " + m.getDeclaringClass().getSimpleName() + "." + m.getName() + "()";
        }
        if (c.getTestClass().isPresent()) {
            Class<?> testClass = c.getTestClass().get();
            for (Class<?> k = testClass; k != null && k != Object.class; k = k.getSuperclass()) {
                if (declares(k)) {
                    return "@MigrationTest" + through(k) + " on " + k.getSimpleName()
                            + (k == testClass ? "" : " (inherited by " + testClass.getSimpleName() + ")");
                }
            }
            return "@MigrationTest on " + testClass.getSimpleName();
        }
        return "@MigrationTest on " + c.getDisplayName();
    }

    private static boolean declares(java.lang.reflect.AnnotatedElement element) {
        return java.util.Arrays.stream(element.getDeclaredAnnotations()).anyMatch(a -> a instanceof MigrationTest
                || AnnotationSupport.isAnnotated(a.annotationType(), MigrationTest.class));
    }

    /** " (through @Meta)" when the annotation comes from a meta-annotation declared on {@code element}. */
    private static String through(java.lang.reflect.AnnotatedElement element) {
        if (element.getDeclaredAnnotation(MigrationTest.class) != null) {
            return "";
        }
        return java.util.Arrays.stream(element.getDeclaredAnnotations())
                .filter(a -> AnnotationSupport.isAnnotated(a.annotationType(), MigrationTest.class))
                .findFirst().map(a -> " (through @" + a.annotationType().getSimpleName() + ")").orElse("");
    }
}
