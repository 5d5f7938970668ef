package dev.kiln.processor.writer.model;

import dev.kiln.spec.Op;
import dev.kiln.spec.NetworkSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The Keras-like summary of a network, computed at compile time: one row per layer with its name
 * and kind, output shape, parameters (trainable and not, as Keras' {@code Param #}), multiplies and
 * receptive field, and for a network that is not a plain chain the layers each one reads
 * ({@code Connected to}, as Keras' functional summary has); then the closing lines
 * {@code Total params}, {@code Trainable params}, {@code Non-trainable params} (batch norm's running
 * statistics) and {@code Total multiplies}.
 *
 * <p>The receptive field is {@link NetworkSpec#receptiveField(int)}'s, one rule for every layer: the
 * standard recurrence, the span of all positions for layers that mix them (flatten, dense, global
 * pooling), the largest over the inputs where branches merge, clipped to the input's size.
 *
 * <p>Columns are padded by display width ({@link DisplayWidth}), not by {@code char} count, so a layer
 * named {@code 卷积层} (six columns on a terminal) keeps the columns after it aligned.
 */
public final class SummaryTable {
    private static final String[] HEADERS = {"Layer (type)", "Output shape", "Params", "Multiplies", "Receptive field"};
    private static final String CONNECTED = "Connected to";

    private SummaryTable() {
    }

    /** The whole summary, one {@code \n}-terminated line per row and closing total. */
    public static String render(NetworkSpec spec) {
        boolean graph = !spec.isChain();
        String[] headers = graph ? append(HEADERS, CONNECTED) : HEADERS;
        List<String[]> rows = new ArrayList<>();
        String[] inputRow = {"input (Input)", spec.input().toString(), "0", "0", "1x1"};
        rows.add(graph ? append(inputRow, "") : inputRow);
        for (int i = 0; i < spec.layers().size(); i++) {
            Op l = spec.layers().get(i);
            int[] field = spec.receptiveField(i);
            String[] row = {l.name() + " (" + l.kind().displayName() + ")", l.output().toString(),
                    thousands(l.parameterCount() + l.nonTrainableCount()), thousands(l.multiplies()), field[0] + "x" + field[1]};
            rows.add(graph ? append(row, String.join(", ", l.inputs())) : row);
        }
        int[] widths = new int[headers.length];
        for (int c = 0; c < headers.length; c++) {
            widths[c] = DisplayWidth.of(headers[c]);
            for (String[] row : rows) {
                widths[c] = Math.max(widths[c], DisplayWidth.of(row[c]));
            }
        }
        int total = 0;
        for (int w : widths) {
            total += w + 2;
        }
        StringBuilder out = new StringBuilder();
        out.append("Model: ").append(spec.simpleName()).append('\n');
        out.append("=".repeat(total)).append('\n');
        appendRow(out, headers, widths);
        out.append("=".repeat(total)).append('\n');
        for (String[] row : rows) {
            appendRow(out, row, widths);
        }
        out.append("=".repeat(total)).append('\n');
        long nonTrainable = spec.nonTrainableCount();
        out.append("Total params: ").append(thousands(spec.parameterCount() + nonTrainable)).append('\n');
        out.append("Trainable params: ").append(thousands(spec.parameterCount())).append('\n');
        out.append("Non-trainable params: ").append(thousands(nonTrainable)).append('\n');
        out.append("Total multiplies: ").append(thousands(spec.multiplies())).append('\n');
        return out.toString();
    }

    private static String[] append(String[] row, String cell) {
        String[] out = java.util.Arrays.copyOf(row, row.length + 1);
        out[row.length] = cell;
        return out;
    }

    /** Left-aligned text columns, right-aligned number columns, two spaces apart, padded by display width. */
    private static void appendRow(StringBuilder out, String[] row, int[] widths) {
        StringBuilder line = new StringBuilder();
        for (int c = 0; c < row.length; c++) {
            boolean number = c == 2 || c == 3;
            String cell = number ? DisplayWidth.padLeft(row[c], widths[c]) : DisplayWidth.padRight(row[c], widths[c]);
            line.append(cell).append("  ");
        }
        out.append(line.toString().stripTrailing()).append('\n');
    }

    /** {@code 61,706}. */
    public static String thousands(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }
}
