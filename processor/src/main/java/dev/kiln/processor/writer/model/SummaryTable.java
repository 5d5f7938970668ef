package dev.kiln.processor.writer.model;

import dev.kiln.spec.LayerSpec;
import dev.kiln.spec.NetworkSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The Keras-like summary of a network, computed at compile time: one row per layer with its name
 * and kind, output shape, parameters, multiplies and receptive field, then the closing lines
 * {@code Total params: 61,706} and {@code Total multiplies: 416,520}.
 */
public final class SummaryTable {
    private static final String[] HEADERS = {"Layer (type)", "Output shape", "Params", "Multiplies", "Receptive field"};

    private SummaryTable() {
    }

    public static String render(NetworkSpec spec) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"input (Input)", spec.input().toString(), "0", "0", "1x1"});
        for (int i = 0; i < spec.layers().size(); i++) {
            LayerSpec l = spec.layers().get(i);
            int[] field = spec.receptiveField(i);
            rows.add(new String[] {l.name() + " (" + l.kind().displayName() + ")", l.output().toString(),
                    thousands(l.parameterCount()), thousands(l.multiplies()), field[0] + "x" + field[1]});
        }
        int[] widths = new int[HEADERS.length];
        for (int c = 0; c < HEADERS.length; c++) {
            widths[c] = HEADERS[c].length();
            for (String[] row : rows) {
                widths[c] = Math.max(widths[c], row[c].length());
            }
        }
        int total = 0;
        for (int w : widths) {
            total += w + 2;
        }
        StringBuilder out = new StringBuilder();
        out.append("Model: ").append(spec.simpleName()).append('\n');
        out.append("=".repeat(total)).append('\n');
        appendRow(out, HEADERS, widths);
        out.append("=".repeat(total)).append('\n');
        for (String[] row : rows) {
            appendRow(out, row, widths);
        }
        out.append("=".repeat(total)).append('\n');
        out.append("Total params: ").append(thousands(spec.parameterCount())).append('\n');
        out.append("Total multiplies: ").append(thousands(spec.multiplies())).append('\n');
        return out.toString();
    }

    /** Left-aligned text columns, right-aligned number columns, two spaces apart. */
    private static void appendRow(StringBuilder out, String[] row, int[] widths) {
        StringBuilder line = new StringBuilder();
        for (int c = 0; c < row.length; c++) {
            boolean number = c == 2 || c == 3;
            String cell = number ? " ".repeat(widths[c] - row[c].length()) + row[c] : row[c] + " ".repeat(widths[c] - row[c].length());
            line.append(cell).append("  ");
        }
        out.append(line.toString().stripTrailing()).append('\n');
    }

    /** {@code 61,706}. */
    public static String thousands(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }
}
