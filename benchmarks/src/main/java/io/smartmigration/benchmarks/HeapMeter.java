package io.smartmigration.benchmarks;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * Heap use of this JVM while a pass runs, three ways: the peak of used heap sampled every 10 ms
 * (garbage included), the peak left after any collection (GC notifications), and the peak live
 * heap measured by a forced full collection every {@code forcedGcMillis} (the truest "retained" figure).
 */
final class HeapMeter implements AutoCloseable {

    /** What a pass used, in bytes; {@code baseline} is the live heap after a full collection before it. */
    record Use(long baseline, long peakSampled, long peakAfterGc, long peakLiveForced) {
    }

    private final long forcedGcMillis;
    private final AtomicLong peakSampled = new AtomicLong();
    private final AtomicLong peakAfterGc = new AtomicLong();
    private final AtomicLong peakLiveForced = new AtomicLong();
    private final List<Runnable> unregister = new ArrayList<>();
    private final Set<String> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(p -> p.getType() == MemoryType.HEAP).map(MemoryPoolMXBean::getName).collect(Collectors.toSet());
    private long baseline;
    private Thread sampler;
    private volatile boolean running;

    HeapMeter(long forcedGcMillis) {
        this.forcedGcMillis = forcedGcMillis;
    }

    HeapMeter start() {
        System.gc();
        baseline = used();
        peakLiveForced.set(baseline);
        NotificationListener listener = this::onGc;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (gc instanceof NotificationEmitter emitter) {
                emitter.addNotificationListener(listener, null, null);
                unregister.add(() -> {
                    try {
                        emitter.removeNotificationListener(listener);
                    } catch (Exception e) {
                        // already gone
                    }
                });
            }
        }
        running = true;
        sampler = new Thread(this::sample, "heap-sampler");
        sampler.setDaemon(true);
        sampler.start();
        return this;
    }

    Use stop() throws InterruptedException {
        running = false;
        sampler.join();
        unregister.forEach(Runnable::run);
        System.gc();
        peakLiveForced.accumulateAndGet(used(), Math::max);
        return new Use(baseline, peakSampled.get(), peakAfterGc.get(), peakLiveForced.get());
    }

    @Override
    public void close() throws InterruptedException {
        if (running) {
            stop();
        }
    }

    private void sample() {
        long nextForced = System.nanoTime() + forcedGcMillis * 1_000_000;
        while (running) {
            peakSampled.accumulateAndGet(used(), Math::max);
            if (System.nanoTime() >= nextForced) {
                System.gc();
                peakLiveForced.accumulateAndGet(used(), Math::max);
                nextForced = System.nanoTime() + forcedGcMillis * 1_000_000;
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void onGc(Notification notification, Object handback) {
        if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
            return;
        }
        GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo.from(
                (CompositeData) notification.getUserData());
        long after = 0;
        for (Map.Entry<String, MemoryUsage> pool : info.getGcInfo().getMemoryUsageAfterGc().entrySet()) {
            if (heapPools.contains(pool.getKey())) {
                after += pool.getValue().getUsed();
            }
        }
        peakAfterGc.accumulateAndGet(after, Math::max);
    }

    private static long used() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
