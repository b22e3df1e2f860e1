package io.smartmigration.benchmarks;

import java.util.ArrayList;
import java.util.List;

/** A Markdown table. */
final class Table {

    private final List<String> header;
    private final List<List<String>> rows = new ArrayList<>();

    Table(String... header) {
        this.header = List.of(header);
    }

    Table row(String... cells) {
        if (cells.length != header.size()) {
            throw new IllegalArgumentException("expected " + header.size() + " cells, got " + cells.length);
        }
        rows.add(List.of(cells));
        return this;
    }

    /** One row of a timing: name, median, p10–p90, n, then the given extra cells. */
    Table timing(String name, Stats stats, String... extra) {
        List<String> cells = new ArrayList<>(List.of(name, Stats.ms(stats.median()), stats.spread(),
                String.valueOf(stats.n())));
        cells.addAll(List.of(extra));
        return row(cells.toArray(String[]::new));
    }

    String markdown() {
        StringBuilder out = new StringBuilder();
        out.append("| ").append(String.join(" | ", header)).append(" |\n");
        out.append("|").append("---|".repeat(header.size())).append('\n');
        for (List<String> row : rows) {
            out.append("| ").append(String.join(" | ", row)).append(" |\n");
        }
        return out.toString();
    }
}
