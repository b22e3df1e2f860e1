package io.smartmigration.benchmarks;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/** Order statistics of a set of timings (milliseconds), and their formatting. */
record Stats(int n, double median, double p10, double p90, double min, double max) {

    static Stats of(List<Double> values) {
        if (values.isEmpty()) {
            throw new IllegalArgumentException("no samples");
        }
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return new Stats(sorted.size(), quantile(sorted, 0.5), quantile(sorted, 0.1), quantile(sorted, 0.9),
                sorted.get(0), sorted.get(sorted.size() - 1));
    }

    /** Linear interpolation between closest ranks. */
    private static double quantile(List<Double> sorted, double q) {
        double position = q * (sorted.size() - 1);
        int low = (int) Math.floor(position);
        int high = (int) Math.ceil(position);
        return sorted.get(low) + (sorted.get(high) - sorted.get(low)) * (position - low);
    }

    /** "p10–p90" of the timings, formatted. */
    String spread() {
        return ms(p10) + " – " + ms(p90);
    }

    /** A duration in milliseconds, in a unit that keeps three significant digits. */
    static String ms(double ms) {
        if (ms < 1) {
            return String.format(Locale.ROOT, "%.3f ms", ms);
        }
        if (ms < 10) {
            return String.format(Locale.ROOT, "%.2f ms", ms);
        }
        if (ms < 1000) {
            return String.format(Locale.ROOT, "%.1f ms", ms);
        }
        return String.format(Locale.ROOT, "%.2f s", ms / 1000);
    }

    static String ratio(double ratio) {
        return String.format(Locale.ROOT, ratio >= 100 ? "%.0fx" : ratio >= 10 ? "%.1fx" : "%.2fx", ratio);
    }

    static String number(double value) {
        return String.format(Locale.ROOT, "%,.0f", value);
    }

    static String mib(long bytes) {
        return String.format(Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024.0));
    }

    static double millisSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e6;
    }
}
