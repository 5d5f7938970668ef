package dev.kiln.runtime.java;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The batch-norm plane sums, Vector API and plain loops alike, against the same sums in double, over lengths around the vector width and
 * the block size, offsets that are not vector-aligned, and a mean far from zero with a small spread
 * (where an uncentred float sum of squares would lose every digit).
 */
class BatchNormSumsTest {

    @Test
    void sumsMatchDoubleSumsOverRaggedLengthsAndOffsets() {
        SplittableRandom r = new SplittableRandom(7);
        for (int length : new int[] {0, 1, 3, 15, 16, 17, 49, 196, 255, 256, 257, 784, 4099}) {
            for (int from : new int[] {0, 5}) {
                float[] x = new float[from + length + 3];
                float[] g = new float[x.length];
                for (int i = 0; i < x.length; i++) {
                    x[i] = (float) (1000 + r.nextGaussian() * 0.01); // mean far from zero, small spread
                    g[i] = (float) r.nextGaussian();
                }
                double mean = 0;
                for (int i = from; i < from + length; i++) {
                    mean += x[i];
                }
                mean = length == 0 ? 1000 : mean / length;
                float hi = (float) mean;
                float lo = (float) (mean - hi);
                double sum = 0;
                double squares = 0;
                double dot = 0;
                for (int i = from; i < from + length; i++) {
                    sum += x[i];
                    squares += (x[i] - mean) * (x[i] - mean);
                    dot += g[i] * (x[i] - mean);
                }
                double dotScale = 0;
                for (int i = from; i < from + length; i++) {
                    dotScale += Math.abs(g[i] * (x[i] - mean));
                }
                int to = from + length;
                for (boolean vector : new boolean[] {true, false}) {
                    String at = (vector ? "Vector API" : "plain loops") + ", length " + length + " from " + from;
                    assertEquals(sum, vector ? VectorGemm.sum(x, from, to) : BatchNormSums.scalarSum(x, from, to),
                            1e-6 * Math.abs(sum) + 1e-9, at + ": sum");
                    assertEquals(squares, vector ? VectorGemm.squaredDeviations(x, from, to, hi, lo)
                            : BatchNormSums.scalarSquaredDeviations(x, from, to, hi, lo), 1e-5 * squares + 1e-12, at + ": squared deviations");
                    assertEquals(dot, vector ? VectorGemm.dotCentred(g, x, from, to, hi, lo)
                            : BatchNormSums.scalarDotCentred(g, x, from, to, hi, lo), 1e-5 * dotScale + 1e-12, at + ": centred dot");
                }
            }
        }
    }
}
