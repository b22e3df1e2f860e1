package io.smartmigration.test;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Marks a fixture test class that the toolkit's own tests run through {@code EngineTestKit}: it
 * runs only when the configuration parameter {@value #PARAMETER} is {@code true}, which only
 * {@link Kit} sets, so a plain test run (or an IDE running the package) skips it.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(OnlyInEngineTestKit.Condition.class)
@interface OnlyInEngineTestKit {

    String PARAMETER = "smartmigration.test.selftest.fixtureClasses";

    final class Condition implements ExecutionCondition {
        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            return context.getConfigurationParameter(PARAMETER).map("true"::equals).orElse(false)
                    ? ConditionEvaluationResult.enabled("run by EngineTestKit")
                    : ConditionEvaluationResult.disabled("a fixture class of the toolkit's own tests; runs only inside"
                    + " EngineTestKit");
        }
    }
}
