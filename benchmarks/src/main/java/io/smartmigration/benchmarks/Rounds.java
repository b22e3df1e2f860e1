package io.smartmigration.benchmarks;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Interleaved timing: every round runs each candidate a few times, in an order that rotates
 * from round to round, so a change of machine load lands on all candidates alike. Warm-up
 * rounds run the same way and are discarded.
 */
final class Rounds {

    /** An action to time; {@code perRound} calls of it are timed one by one in each round. */
    record Candidate(String name, Action action, int perRound) {
    }

    @FunctionalInterface
    interface Action {
        void call() throws Exception;
    }

    /** The timings of each candidate, and each candidate's median per round. */
    record Result(Map<String, List<Double>> samples, Map<String, List<Double>> roundMedians) {

        Stats stats(String name) {
            return Stats.of(samples.get(name));
        }

        /** Ratio of the medians of {@code a} and {@code b}. */
        double ratio(String a, String b) {
            return stats(a).median() / stats(b).median();
        }

        /** The ratio {@code a / b} computed within each round: its median and p10–p90. */
        Stats roundRatios(String a, String b) {
            List<Double> ratios = new ArrayList<>();
            List<Double> as = roundMedians.get(a);
            List<Double> bs = roundMedians.get(b);
            for (int i = 0; i < as.size(); i++) {
                ratios.add(as.get(i) / bs.get(i));
            }
            return Stats.of(ratios);
        }
    }

    private Rounds() {
    }

    static Result run(List<Candidate> candidates, int warmupRounds, int rounds) throws Exception {
        Map<String, List<Double>> samples = new LinkedHashMap<>();
        Map<String, List<Double>> medians = new LinkedHashMap<>();
        candidates.forEach(c -> {
            samples.put(c.name(), new ArrayList<>());
            medians.put(c.name(), new ArrayList<>());
        });
        for (int round = -warmupRounds; round < rounds; round++) {
            for (int i = 0; i < candidates.size(); i++) {
                Candidate candidate = candidates.get(Math.floorMod(i + round, candidates.size()));
                List<Double> times = new ArrayList<>(candidate.perRound());
                for (int call = 0; call < candidate.perRound(); call++) {
                    long t = System.nanoTime();
                    candidate.action().call();
                    times.add(Stats.millisSince(t));
                }
                if (round >= 0) {
                    samples.get(candidate.name()).addAll(times);
                    medians.get(candidate.name()).add(Stats.of(times).median());
                }
            }
        }
        return new Result(samples, medians);
    }
}
