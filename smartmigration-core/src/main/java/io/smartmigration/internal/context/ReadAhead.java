package io.smartmigration.internal.context;

import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Reads a walk's items on a thread of its own, a few chunks (cursor batches, listing pages) ahead of
 * the walk, so that the workers do not wait for the next server round trip of the reader (during which
 * a fast walk would drain its workers). Chunks rather than items cross between the threads, so that
 * the two threads do not wake each other once per item. Memory stays bounded by
 * {@value #CHUNKS_AHEAD} chunks and the one the walk is taking items from.
 */
final class ReadAhead<T> implements AutoCloseable {

    static final int CHUNKS_AHEAD = 2;
    private static final Object END = new Object();

    /** A failure of the source, handed to the walk in order. */
    private record Failure(RuntimeException exception) {
    }

    private final BlockingQueue<Object> queue = new ArrayBlockingQueue<>(CHUNKS_AHEAD);
    private final Thread reader;
    private volatile boolean closed;
    private Iterator<T> chunk = List.<T>of().iterator();
    private boolean ended;

    ReadAhead(Iterator<List<T>> source, String threadName) {
        this.reader = new Thread(() -> read(source), threadName);
        reader.setDaemon(true);
        reader.start();
    }

    private void read(Iterator<List<T>> source) {
        try {
            while (!closed && source.hasNext()) {
                List<T> next = source.next();
                if (!next.isEmpty()) {
                    queue.put(next);
                }
            }
            queue.put(END);
        } catch (InterruptedException e) {
            // closed by the walk
        } catch (RuntimeException e) {
            if (!closed) {
                queue.offer(new Failure(e));
            }
        } catch (Error e) {
            queue.offer(new Failure(new IllegalStateException("reading the walk's items failed", e)));
        }
    }

    /**
     * The next item, or null after the last; waits for the reader.
     *
     * @throws RuntimeException what reading the source threw, once the items before it were taken
     */
    @SuppressWarnings("unchecked")
    T next() throws InterruptedException {
        if (chunk.hasNext()) {
            return chunk.next();
        }
        if (ended) {
            return null;
        }
        Object next = queue.take();
        if (next == END) {
            ended = true;
            return null;
        }
        if (next instanceof Failure failure) {
            ended = true;
            throw failure.exception();
        }
        chunk = ((List<T>) next).iterator();
        return chunk.next();
    }

    /** Stops the reader and waits (up to a minute) until it no longer uses the source. */
    @Override
    public void close() {
        closed = true;
        reader.interrupt();
        queue.clear();
        try {
            reader.join(TimeUnit.MINUTES.toMillis(1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
