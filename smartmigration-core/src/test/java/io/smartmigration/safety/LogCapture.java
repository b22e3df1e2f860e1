package io.smartmigration.safety;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.LoggerFactory;

/** Captures every event of the library's loggers ({@code io.smartmigration...}) at DEBUG and above. */
final class LogCapture implements AutoCloseable {

    private final Logger logger = (Logger) LoggerFactory.getLogger("io.smartmigration");
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private final Level previous;

    LogCapture() {
        previous = logger.getLevel();
        appender.start();
        logger.addAppender(appender);
        logger.setLevel(Level.DEBUG);
    }

    List<ILoggingEvent> events() {
        synchronized (appender.list) {
            return List.copyOf(appender.list);
        }
    }

    /**
     * How many characters the event prints: its formatted message plus, for an attached throwable,
     * the type and message of each throwable in its cause chain (what an appender prints besides
     * stack frames).
     */
    static int printedLength(ILoggingEvent event) {
        int length = event.getFormattedMessage().length();
        List<IThrowableProxy> seen = new ArrayList<>();
        for (IThrowableProxy t = event.getThrowableProxy(); t != null && !seen.contains(t); t = t.getCause()) {
            seen.add(t);
            length += t.getClassName().length() + (t.getMessage() == null ? 0 : t.getMessage().length());
        }
        return length;
    }

    @Override
    public void close() {
        logger.detachAppender(appender);
        logger.setLevel(previous);
    }
}
