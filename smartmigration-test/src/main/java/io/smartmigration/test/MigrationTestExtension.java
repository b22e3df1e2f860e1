package io.smartmigration.test;

import io.smartmigration.test.internal.Settings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import java.lang.reflect.Executable;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.DynamicTestInvocationContext;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.opentest4j.TestAbortedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The JUnit 5 extension behind {@code @MigrationTest}: servers once per run (root store), a
 * database, bucket and harness per test (method store, created on first use, removed after the
 * test), parameter injection, and the skip of CONTAINERS tests where no Docker engine answers.
 */
final class MigrationTestExtension
        implements ExecutionCondition, BeforeEachCallback, AfterEachCallback, ParameterResolver, InvocationInterceptor {

    public static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create("io.smartmigration.test");
    static String noDocker(String reason) {
        return "backend CONTAINERS needs a Docker engine and none answers (" + reason + "): these tests run where"
                + " Docker runs; use Backend.AUTO or EMBEDDED to run them here";
    }

    private static final Logger LOG = LoggerFactory.getLogger("io.smartmigration.test");
    private static final Set<Class<?>> PER_TEST = Set.of(MongoDatabase.class, TestBucket.class, MigrationHarness.class);
    private static final Set<Class<?>> SHARED = Set.of(MongoClient.class, S3Client.class);
    /**
     * Types users may reach for that the toolkit does not inject, and what to ask for instead. (Only
     * types no parameterized test would pass as an argument: claiming those would compete with
     * JUnit's own argument resolver.)
     */
    private static final Map<String, String> NEAR_MISSES = Map.of(
            "com.mongodb.client.MongoCollection", "inject MongoDatabase and call getCollection(name)",
            "com.mongodb.reactivestreams.client.MongoClient", "the toolkit injects the synchronous com.mongodb.client.MongoClient",
            "com.mongodb.reactivestreams.client.MongoDatabase", "the toolkit injects the synchronous com.mongodb.client.MongoDatabase",
            "software.amazon.awssdk.services.s3.S3AsyncClient", "the toolkit injects the synchronous S3Client");

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        if (context.getTestMethod().isEmpty()) {
            return ConditionEvaluationResult.enabled("decided per test method");
        }
        TestConfig config;
        Backend backend;
        try {
            config = TestConfig.of(context);
            backend = config.effectiveBackend(Settings.of(context));
        } catch (ExtensionConfigurationException e) {
            // reported by beforeEach, as the test's own failure
            return ConditionEvaluationResult.enabled("configuration error, reported when the test starts");
        }
        ServerRegistry servers = ServerRegistry.of(context);
        if (backend == Backend.CONTAINERS && !servers.dockerAvailable()) {
            String reason = noDocker(servers.dockerReason());
            servers.logSkip("skipping the tests with backend CONTAINERS: " + reason);
            return ConditionEvaluationResult.disabled(reason);
        }
        return ConditionEvaluationResult.enabled("backend " + config.backend());
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        TestResources resources = resources(context);
        resources.requireEndpoints();
        CurrentTest.set(resources);
        Optional<String> seed = resources.config().seedFixture();
        if (seed.isPresent()) {
            Fixture fixture = Fixture.load(seed.get());
            if (!fixture.objects().isEmpty() && !resources.config().s3()
                    || !fixture.collections().isEmpty() && !resources.config().mongo()) {
                throw new ExtensionConfigurationException("@SeedFixture(\"" + seed.get() + "\") holds "
                        + fixture.collections().size() + " collection(s) and " + fixture.objects().size()
                        + " object(s), but " + resources.config().source() + " turns off the backend they need:"
                        + " set mongo = true and s3 = true, or trim the fixture");
            }
            resources.harness().seed(fixture);
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        CurrentTest.clear();
        TestResources resources = context.getStore(NAMESPACE).get(TestResources.class, TestResources.class);
        if (resources == null) {
            return;
        }
        // a test aborted by an assumption did not fail: nothing to look at
        boolean failed = context.getExecutionException().filter(e -> !(e instanceof TestAbortedException)).isPresent();
        resources.keepIfFailed(failed).ifPresent(what -> reportKept(context, what, resources));
    }

    /**
     * A generated check (a dynamic test of a {@code @TestFactory}) that fails keeps the test's data
     * like a failed test does: the later checks, which would overwrite it, are then skipped.
     */
    @Override
    public void interceptDynamicTest(Invocation<Void> invocation, DynamicTestInvocationContext invocationContext,
                                     ExtensionContext extensionContext) throws Throwable {
        try {
            invocation.proceed();
        } catch (TestAbortedException e) {
            throw e;
        } catch (Throwable e) {
            TestResources resources = null;
            for (ExtensionContext c = extensionContext; c != null && resources == null; c = c.getParent().orElse(null)) {
                resources = c.getStore(NAMESPACE).get(TestResources.class, TestResources.class);
            }
            if (resources != null) {
                Optional<String> kept = resources.keepIfFailed(true);
                if (kept.isPresent()) {
                    resources.harness().keptFor(extensionContext.getDisplayName());
                    reportKept(extensionContext, kept.get(), resources);
                }
            }
            throw e;
        }
    }

    private static void reportKept(ExtensionContext context, String what, TestResources resources) {
        LOG.warn("smartmigration-test: {} failed; kept its {} ({}=true), {}", context.getDisplayName(), what,
                Settings.KEEP, resources.whereKept());
        context.publishReportEntry("smartmigration.kept", what);
    }

    private static TestResources resources(ExtensionContext context) {
        return context.getStore(NAMESPACE).getOrComputeIfAbsent(TestResources.class,
                k -> new TestResources(TestConfig.of(context), ServerRegistry.of(context), Settings.of(context),
                        context.getTestMethod().map(m -> m.getName()).orElse(context.getDisplayName())),
                TestResources.class);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        Class<?> type = parameterContext.getParameter().getType();
        return PER_TEST.contains(type) || SHARED.contains(type) || NEAR_MISSES.containsKey(type.getName());
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext context) {
        Class<?> type = parameterContext.getParameter().getType();
        String where = describe(parameterContext);
        String hint = NEAR_MISSES.get(type.getName());
        if (hint != null) {
            throw new ParameterResolutionException(where + " asks for a " + type.getSimpleName()
                    + ", which @MigrationTest does not inject: " + hint);
        }
        if (PER_TEST.contains(type) && context.getTestMethod().isEmpty()) {
            throw new ParameterResolutionException(where + " asks for a " + type.getSimpleName() + " outside a test"
                    + " method: each test gets its own database and bucket, so inject it into the test method or a"
                    + " @BeforeEach/@AfterEach method (MongoClient and S3Client may be injected anywhere)");
        }
        TestConfig config = TestConfig.of(context);
        boolean mongoType = type == MongoClient.class || type == MongoDatabase.class;
        boolean s3Type = type == S3Client.class || type == TestBucket.class;
        if (mongoType && !config.mongo()) {
            throw new ParameterResolutionException(where + " asks for a " + type.getSimpleName() + " but "
                    + config.source() + " sets mongo = false: set mongo = true, or remove the parameter");
        }
        if (s3Type && !config.s3()) {
            throw new ParameterResolutionException(where + " asks for a " + type.getSimpleName() + " but "
                    + config.source() + " sets s3 = false: set s3 = true, or remove the parameter");
        }
        if (SHARED.contains(type) && context.getTestMethod().isEmpty()) {
            ServerRegistry servers = ServerRegistry.of(context);
            Settings settings = Settings.of(context);
            Backend backend = config.effectiveBackend(settings);
            return type == MongoClient.class ? servers.mongo(backend, settings).client()
                    : servers.s3(backend, settings).client();
        }
        TestResources resources = resources(context);
        if (type == MongoClient.class) {
            return resources.mongoClient();
        }
        if (type == S3Client.class) {
            return resources.s3Client();
        }
        if (type == MongoDatabase.class) {
            return resources.database();
        }
        if (type == TestBucket.class) {
            return resources.bucket();
        }
        return resources.harness();
    }

    private static String describe(ParameterContext parameterContext) {
        Executable executable = parameterContext.getDeclaringExecutable();
        return "parameter #" + (parameterContext.getIndex() + 1) + " of " + executable.getDeclaringClass().getSimpleName()
                + "." + (executable instanceof java.lang.reflect.Constructor ? "<init>" : executable.getName()) + "()";
    }
}
