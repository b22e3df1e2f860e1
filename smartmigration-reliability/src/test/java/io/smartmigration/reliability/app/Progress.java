package io.smartmigration.reliability.app;

import java.io.PrintStream;

/**
 * The machine-readable lines a child prints on standard output, each starting with {@value #PREFIX}
 * (log lines go to the same stream but never start with it):
 * <pre>
 * SMR READY pid=1234
 * SMR STEP id=backfill
 * SMR BATCH step=backfill first=1101 last=1200 size=100    (after the batch's data write, before its checkpoint)
 * SMR ITEM step=backfill id=1234                            (a parallel walk: after the item's data write)
 * SMR RESULT outcome=MIGRATED before=1.0.0 after=2.0.0 applied=s1,s2
 * SMR ERROR code=LOCK_LOST message=...
 * </pre>
 */
public final class Progress {

    public static final String PREFIX = "SMR ";

    private final PrintStream out;

    public Progress(PrintStream out) {
        this.out = out;
    }

    public void line(String text) {
        synchronized (out) {
            out.println(PREFIX + text);
            out.flush();
        }
    }

    void step(String id) {
        line("STEP id=" + id);
    }

    void item(String step, Object id) {
        line("ITEM step=" + step + " id=" + id);
    }

    void batch(String step, Object first, Object last, int size) {
        line("BATCH step=" + step + " first=" + first + " last=" + last + " size=" + size);
    }
}
