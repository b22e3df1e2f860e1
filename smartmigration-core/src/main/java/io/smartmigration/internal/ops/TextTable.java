package io.smartmigration.internal.ops;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** A plain-text table with left-aligned columns, for status output and the CLI. */
public final class TextTable {

    private final List<String[]> rows = new ArrayList<>();
    private final int columns;

    public TextTable(String... header) {
        this.columns = header.length;
        rows.add(header.clone());
    }

    /** Adds a row; missing cells are blank, null cells print as "-". */
    public TextTable row(String... cells) {
        String[] row = Arrays.copyOf(cells, columns);
        for (int i = 0; i < columns; i++) {
            row[i] = row[i] == null ? "-" : row[i];
        }
        rows.add(row);
        return this;
    }

    /** The header and the rows, two spaces between columns, no trailing blanks, one line each. */
    public String render() {
        int[] widths = new int[columns];
        for (String[] row : rows) {
            for (int i = 0; i < columns; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < columns; i++) {
                line.append(row[i]);
                if (i < columns - 1) {
                    line.append(" ".repeat(widths[i] - row[i].length() + 2));
                }
            }
            out.append(line.toString().stripTrailing()).append('\n');
        }
        return out.toString();
    }
}
