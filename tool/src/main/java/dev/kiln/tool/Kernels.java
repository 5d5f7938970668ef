package dev.kiln.tool;

import dev.kiln.spec.NetworkSpec;
import dev.kiln.spec.ParamSpec;
import java.io.PrintStream;
import java.util.Locale;

/** Conv kernels and rates as text, for the terminal and the report. */
final class Kernels {
    /** The course's horizontal-edge kernel, row-major. */
    static final float[] EDGE = {-1, -1, -1, 0, 0, 0, 1, 1, 1};

    private Kernels() {
    }

    /** Each (filter, input channel) kernel of a conv weight as rows of numbers. */
    static String format(float[] params, ParamSpec weight) {
        int[] s = weight.shape();
        StringBuilder b = new StringBuilder();
        int kh = s[2];
        int kw = s[3];
        for (int f = 0; f < s[0]; f++) {
            for (int c = 0; c < s[1]; c++) {
                if (s[0] * s[1] > 1) {
                    b.append("  filter ").append(f).append(", input channel ").append(c).append(":\n");
                }
                int base = weight.offset() + (f * s[1] + c) * kh * kw;
                for (int y = 0; y < kh; y++) {
                    b.append("   ");
                    for (int x = 0; x < kw; x++) {
                        b.append(String.format(Locale.ROOT, " %7.3f", params[base + y * kw + x]));
                    }
                    b.append('\n');
                }
            }
        }
        return b.toString();
    }

    /** A rate as people write it: six significant digits, no exponent, no trailing zeros ({@code 0.001}). */
    static String plain(double v) {
        return new java.math.BigDecimal(v).round(new java.math.MathContext(6)).stripTrailingZeros().toPlainString();
    }

    /** The learned kernel of a one-filter network, with its largest distance from the edge kernel. */
    static void printLearned(PrintStream out, NetworkSpec spec, float[] params) {
        ParamSpec weight = spec.params().get(0);
        int[] shape = weight.shape();
        out.println("learned kernel " + weight.name() + ":");
        out.print(format(params, weight));
        if (shape.length == 4 && shape[0] == 1 && shape[1] == 1 && shape[2] == 3 && shape[3] == 3) {
            out.printf(Locale.ROOT, "largest difference from the edge kernel [[-1,-1,-1],[0,0,0],[1,1,1]]: %.4f%n",
                    maxDifference(params, weight.offset(), EDGE));
        }
    }

    static double maxDifference(float[] params, int offset, float[] expected) {
        double max = 0;
        for (int i = 0; i < expected.length; i++) {
            max = Math.max(max, Math.abs(params[offset + i] - expected[i]));
        }
        return max;
    }
}
