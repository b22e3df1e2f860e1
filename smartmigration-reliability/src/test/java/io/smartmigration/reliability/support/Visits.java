package io.smartmigration.reliability.support;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Checks a non-idempotent per-item counter after a run that was killed and restarted: every item
 * processed at least once (nothing lost), and processed again only as often as a restart redid a
 * batch holding it (the batch in flight when its predecessor died, before its checkpoint). An item
 * in no redone batch is processed exactly once; one in a batch redone after k kills at most 1 + k
 * times (k is 1 unless the same batch was in flight at several kills).
 */
public final class Visits {

    /** The violations, and how many items were processed more than once (allowed ones included). */
    public record Check(List<String> violations, int twice) {
    }

    private Visits() {
    }

    public static Check check(String what, Map<Long, Integer> visits, List<KillLoop.Window> redone) {
        List<String> violations = new ArrayList<>();
        int again = 0;
        for (Map.Entry<Long, Integer> e : visits.entrySet()) {
            long position = e.getKey();
            int count = e.getValue();
            long allowed = 1 + redone.stream().filter(w -> w.contains(position)).count();
            if (count == 0) {
                violations.add(what + " " + position + " was never processed (lost)");
            } else if (count > allowed) {
                violations.add(what + " " + position + " was processed " + count + " times; it lies in "
                        + (allowed - 1) + " of the batches redone after a kill " + redone);
            }
            if (count > 1) {
                again++;
            }
        }
        return new Check(violations, again);
    }
}
