package io.smartmigration.spring.app;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What the test application's beans saw when they were created or run, in that order. Registered
 * by each test as a singleton, so nothing is shared between tests.
 */
public final class StartupRecorder {

    /** What one bean saw: the ledger's data version and the number of documents the steps wrote. */
    public record Sighting(String who, String ledgerVersion, long events) {
    }

    private final List<Sighting> sightings = new CopyOnWriteArrayList<>();

    void saw(String who, String ledgerVersion, long events) {
        sightings.add(new Sighting(who, ledgerVersion, events));
    }

    public List<Sighting> sightings() {
        return List.copyOf(sightings);
    }
}
