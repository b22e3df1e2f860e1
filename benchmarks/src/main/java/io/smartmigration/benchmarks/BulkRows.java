package io.smartmigration.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Rows 3 and 4: the bulk step against the raw loop at 200,000 documents (and the S3 re-key of
 * 10,000 objects), and the same step at growing sizes up to 1,000,000 documents or the largest
 * size the time budget still fits.
 */
final class BulkRows {

    static final int ROW3_DOCUMENTS = 200_000;
    static final int OBJECTS = 10_000;
    static final int LARGEST = 1_000_000;
    /** Objects re-keyed once each way, unmeasured, so the measured passes do not pay for JIT warm-up. */
    static final int WARMUP_OBJECTS = 500;
    /** Rounds at the first size that are run and discarded (JIT warm-up of both loops). */
    static final int WARMUP_ROUNDS = 4;

    /** The passes at one collection size. */
    record Point(int size, double seedMs, List<Bulk.Pass> raw, List<Bulk.Pass> ours, Optional<Bulk.Pass> rangeQueries) {
    }

    /** Row 3's MongoDB passes, and what one checkpoint write costs next to them. */
    record Row3(Point point, Stats checkpointWrite) {
    }

    /** What the S3 part measured. */
    record S3Result(double seedMs, Bulk.Pass firstPass, List<Bulk.Pass> raw, List<Bulk.Pass> ours) {
    }

    private BulkRows() {
    }

    /**
     * @param reserveSeconds the time to leave for what runs after these rows
     */
    static List<Section> run(Servers servers, Budget budget, double reserveSeconds) throws Exception {
        Bulk bulk = new Bulk(servers.mongo());
        List<Point> points = new ArrayList<>();
        bulk.growTo(10_000);
        for (int i = 0; i < WARMUP_ROUNDS; i++) {
            bulk.raw();
            bulk.ours();
        }
        points.add(point(bulk, 10_000, 5, 5, true, budget, reserveSeconds));
        points.add(point(bulk, 100_000, 2, 3, true, budget, reserveSeconds));
        points.add(point(bulk, ROW3_DOCUMENTS, 2, 3, false, budget, reserveSeconds));
        Row3 row3 = new Row3(points.get(points.size() - 1), bulk.checkpointWrite(ROW3_DOCUMENTS / Bulk.BATCH));

        S3Result s3 = rekey(servers, budget, reserveSeconds);

        String skipped = largest(bulk, points, budget, reserveSeconds);
        bulk.drop();
        return List.of(BulkReport.row3(row3, s3), BulkReport.row4(points, skipped));
    }

    /** Grows the collection to {@code size} and runs rounds of (raw, ours), at least {@code min}. */
    private static Point point(Bulk bulk, int size, int min, int max, boolean rangeQueries, Budget budget,
                               double reserve)
            throws InterruptedException {
        if (size > bulk.size()) {
            System.out.printf("  bulk: growing to %,d documents%n", size);
            bulk.growTo(size);
        }
        double seed = bulk.lastGrowthMs();
        bulk.settle();
        List<Bulk.Pass> raw = new ArrayList<>();
        List<Bulk.Pass> ours = new ArrayList<>();
        for (int round = 0; round < max; round++) {
            long t = System.nanoTime();
            if (round % 2 == 0) {
                raw.add(bulk.raw());
                ours.add(bulk.ours());
            } else {
                ours.add(bulk.ours());
                raw.add(bulk.raw());
            }
            double roundSeconds = Stats.millisSince(t) / 1000;
            System.out.printf("  bulk %,d: raw %.1f s, ours %.1f s%n", size, raw.get(raw.size() - 1).millis() / 1000,
                    ours.get(ours.size() - 1).millis() / 1000);
            if (round + 1 >= min && budget.remainingSeconds() - reserve < roundSeconds * 8) {
                break;
            }
        }
        Optional<Bulk.Pass> range = rangeQueries ? Optional.of(bulk.rawRangeQueries()) : Optional.empty();
        return new Point(size, seed, raw, ours, range);
    }

    private static S3Result rekey(Servers servers, Budget budget, double reserve) throws InterruptedException {
        S3Client client = servers.newS3Client();
        Rekey warmup = new Rekey(client, "rekey-warmup");
        warmup.seed(WARMUP_OBJECTS);
        warmup.raw();
        warmup.ours();
        Rekey rekey = new Rekey(client, "rekey");
        System.out.printf("  re-key: seeding %,d objects%n", OBJECTS);
        double seed = rekey.seed(OBJECTS);
        Bulk.Pass settle = rekey.raw();
        System.out.printf("  re-key: first pass after seeding (unmeasured) %.1f s%n", settle.millis() / 1000);
        List<Bulk.Pass> raw = new ArrayList<>();
        List<Bulk.Pass> ours = new ArrayList<>();
        for (int round = 0; round < 3; round++) {
            long t = System.nanoTime();
            if (round % 2 == 0) {
                raw.add(rekey.raw());
                ours.add(rekey.ours());
            } else {
                ours.add(rekey.ours());
                raw.add(rekey.raw());
            }
            double roundSeconds = Stats.millisSince(t) / 1000;
            System.out.printf("  re-key: raw %.1f s, ours %.1f s%n", raw.get(raw.size() - 1).millis() / 1000,
                    ours.get(ours.size() - 1).millis() / 1000);
            if (round >= 1 && budget.remainingSeconds() - reserve < roundSeconds * 5) {
                break;
            }
        }
        return new S3Result(seed, settle, raw, ours);
    }

    /**
     * Runs the largest size that fits the budget: {@value #LARGEST} documents when it does, else the
     * largest multiple of 100,000 above the row 3 size; one pass of each kind.
     *
     * @return why the largest size was not {@value #LARGEST}, or empty
     */
    private static String largest(Bulk bulk, List<Point> points, Budget budget, double reserve)
            throws InterruptedException {
        Point last = points.get(points.size() - 1);
        double seedPerDoc = last.seedMs() / (last.size() - points.get(points.size() - 2).size());
        double passPerDoc = (median(last.raw()) + median(last.ours())) / last.size();
        double available = (budget.remainingSeconds() - reserve) * 1000 / 1.25;
        int size = LARGEST;
        while (size > last.size() && (size - last.size()) * seedPerDoc + size * passPerDoc > available) {
            size -= 100_000;
        }
        String projected = String.format("%,d documents were projected to take %.0f s (seeding %.0f s and one pass"
                + " of each kind at the %,d-document rates), more than the %.0f s left in the budget",
                LARGEST, ((LARGEST - last.size()) * seedPerDoc + LARGEST * passPerDoc) / 1000,
                (LARGEST - last.size()) * seedPerDoc / 1000, last.size(), Math.max(0, available / 1000));
        if (size <= last.size()) {
            return projected + "; no larger size fitted";
        }
        points.add(point(bulk, size, 1, 1, false, budget, reserve));
        return size == LARGEST ? "" : projected + String.format("; %,d is the largest size that fitted", size);
    }

    static double median(List<Bulk.Pass> passes) {
        return Stats.of(passes.stream().map(Bulk.Pass::millis).toList()).median();
    }
}
