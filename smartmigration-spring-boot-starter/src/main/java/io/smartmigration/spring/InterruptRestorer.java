package io.smartmigration.spring;

import io.smartmigration.ErrorCode;
import io.smartmigration.SmartMigrationException;
import org.springframework.boot.context.event.ApplicationFailedEvent;
import org.springframework.context.ApplicationListener;

/**
 * Sets the interrupt flag of the thread that ran {@code SpringApplication.run} again when its
 * start failed because the startup's migration was interrupted (JVM shutdown, SIGTERM, or an
 * interrupt). {@link SmartMigrationInitializer} clears the flag so that Spring can close the
 * context's beans (clients, pools) on that thread; Spring Boot publishes
 * {@link ApplicationFailedEvent} after that clean-up, on the same thread, and from then on
 * the caller sees the interrupt as the core promised. Registered in {@code META-INF/spring.factories}.
 */
final class InterruptRestorer implements ApplicationListener<ApplicationFailedEvent> {

    @Override
    public void onApplicationEvent(ApplicationFailedEvent event) {
        for (Throwable cause = event.getException(); cause != null; cause = cause.getCause()) {
            if (cause instanceof SmartMigrationException e && e.code() == ErrorCode.INTERRUPTED) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
