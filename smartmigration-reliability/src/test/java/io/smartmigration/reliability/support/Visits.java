package io.smartmigration.reliability.support;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Checks a non-idempotent per-item counter after a run that was killed and restarted: every item
 * processed at least once (nothing lost), at most twice, and twice only inside a batch that a
 * restart redid because its predecessor died before checkpointing it.
 */
public final class Visits {

    /** The violations, and how many items were processed twice (allowed ones included). */
    public record Check(List<String> violations, int twice) {
    }

    private Visits() {
    }

    public static Check check(String what, Map<Long, Integer> visits, List<KillLoop.Window> redone) {
        List<String> violations = new ArrayList<>();
        int twice = 0;
        for (Map.Entry<Long, Integer> e : visits.entrySet()) {
            long position = e.getKey();
            int count = e.getValue();
            if (count == 0) {
                violations.add(what + " " + position + " was never processed (lost)");
            } else if (count == 2) {
                twice++;
                if (redone.stream().noneMatch(w -> w.contains(position))) {
                    violations.add(what + " " + position + " was processed twice outside the batches redone after a kill "
                            + redone);
                }
            } else if (count > 2) {
                violations.add(what + " " + position + " was processed " + count + " times");
            }
        }
        return new Check(violations, twice);
    }
}
