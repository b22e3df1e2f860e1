package io.smartmigration.reliability.support;

import java.util.ArrayList;
import java.util.List;

/** The child processes a test started; {@link #close()} (from {@code @AfterEach}) kills those still running. */
public final class Children implements AutoCloseable {

    private final List<ChildProcess> started = new ArrayList<>();

    public synchronized ChildProcess start(String name, List<String> args) {
        ChildProcess child = ChildProcess.start(name, args);
        started.add(child);
        return child;
    }

    @Override
    public synchronized void close() {
        for (ChildProcess child : started) {
            try {
                child.close();
            } catch (RuntimeException | AssertionError e) {
                System.err.println("could not kill " + child.name() + ": " + e);
            }
        }
        started.clear();
    }
}
