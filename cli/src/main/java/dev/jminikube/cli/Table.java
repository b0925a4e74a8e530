package dev.jminikube.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** A minikube-style table: {@code |---|} rules, a header row, padded cells. */
final class Table {
    private final List<String[]> rows = new ArrayList<>();
    private final int columns;

    Table(String... header) {
        this.columns = header.length;
        rows.add(header);
    }

    Table row(String... cells) {
        if (cells.length != columns) {
            throw new IllegalArgumentException("a row of " + cells.length + " cells in a table of " + columns);
        }
        rows.add(cells);
        return this;
    }

    void print(PrintWriter out) {
        int[] widths = new int[columns];
        for (String[] r : rows) {
            for (int i = 0; i < columns; i++) {
                widths[i] = Math.max(widths[i], r[i].length());
            }
        }
        StringBuilder rule = new StringBuilder("|");
        Arrays.stream(widths).forEach(w -> rule.append("-".repeat(w + 2)).append('|'));
        out.println(rule);
        for (int n = 0; n < rows.size(); n++) {
            StringBuilder line = new StringBuilder("|");
            for (int i = 0; i < columns; i++) {
                line.append(' ').append(String.format("%-" + widths[i] + "s", rows.get(n)[i])).append(" |");
            }
            out.println(line);
            if (n == 0) {
                out.println(rule);
            }
        }
        out.println(rule);
        out.flush();
    }
}
