package io.smartmigration.test;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import io.smartmigration.embedded.EmbeddedMongo;
import io.smartmigration.embedded.EmbeddedS3;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

/**
 * Runs fixture test classes through {@code EngineTestKit}, against servers the outer test owns
 * (passed as EXTERNAL endpoints), so the outer test can look at what the run left behind.
 */
final class Kit {

    private static EmbeddedMongo mongo;
    private static EmbeddedS3 s3;

    private Kit() {
    }

    /** The servers the nested runs use; started once per JVM. */
    static synchronized EmbeddedMongo mongo() {
        if (mongo == null) {
            mongo = EmbeddedMongo.inMemory();
            EmbeddedMongo started = mongo;
            Runtime.getRuntime().addShutdownHook(new Thread(started::close));
        }
        return mongo;
    }

    static synchronized EmbeddedS3 s3() {
        if (s3 == null) {
            s3 = EmbeddedS3.inMemory();
            EmbeddedS3 started = s3;
            Runtime.getRuntime().addShutdownHook(new Thread(started::close));
        }
        return s3;
    }

    /** Parameters that point the nested run at the outer servers. */
    static Map<String, String> sharedServers() {
        Map<String, String> parameters = new HashMap<>();
        parameters.put("smartmigration.test.mongo.uri", mongo().connectionString());
        parameters.put("smartmigration.test.s3.endpoint", s3().endpoint().toString());
        parameters.put("smartmigration.test.s3.accessKey", EmbeddedS3.ACCESS_KEY);
        parameters.put("smartmigration.test.s3.secretKey", EmbeddedS3.SECRET_KEY);
        parameters.put("smartmigration.test.s3.region", EmbeddedS3.REGION.id());
        return parameters;
    }

    static EngineExecutionResults run(Class<?> fixtureClass) {
        return run(fixtureClass, Map.of());
    }

    static EngineExecutionResults run(Class<?> fixtureClass, Map<String, String> extra) {
        Map<String, String> parameters = new HashMap<>(sharedServers());
        parameters.putAll(extra);
        return EngineTestKit.engine("junit-jupiter")
                .configurationParameter(OnlyInEngineTestKit.PARAMETER, "true")
                .configurationParameters(parameters)
                .selectors(selectClass(fixtureClass))
                .execute();
    }

    /** Runs with the toolkit choosing its own servers (no shared endpoints). */
    static EngineExecutionResults runOwnServers(Class<?> fixtureClass, Map<String, String> extra) {
        return EngineTestKit.engine("junit-jupiter")
                .configurationParameter(OnlyInEngineTestKit.PARAMETER, "true")
                .configurationParameters(extra)
                .selectors(selectClass(fixtureClass))
                .execute();
    }

    static EngineExecutionResults runMethod(Class<?> fixtureClass, String method) {
        return EngineTestKit.engine("junit-jupiter")
                .configurationParameter(OnlyInEngineTestKit.PARAMETER, "true")
                .configurationParameters(sharedServers())
                .selectors(selectMethod(fixtureClass, method))
                .execute();
    }

    /** The failures of the run's tests, by display name. */
    static Map<String, Throwable> failures(EngineExecutionResults results) {
        Map<String, Throwable> failures = new HashMap<>();
        for (Event event : results.testEvents().failed().list()) {
            failures.put(event.getTestDescriptor().getDisplayName(),
                    event.getPayload(TestExecutionResult.class).flatMap(TestExecutionResult::getThrowable).orElseThrow());
        }
        return failures;
    }

    /** Display names of the run's tests that finished with this status. */
    static List<String> names(List<Event> events) {
        return events.stream().map(e -> e.getTestDescriptor().getDisplayName()).toList();
    }
}
