package dev.kiln.reference;

import dev.kiln.spec.MultiplyOp;
import java.util.List;

/**
 * Multiply: the element-wise product of two tensors, an operand with one value per channel read for every
 * position of that channel's plane (squeeze-and-excitation's {@code x * gate}).
 *
 * <pre>
 *   a, b  (N, S) or (N, C) per channel      z (N, S), S = C x H x W
 *   z[n, e] = a[n, at(a, e)] * b[n, at(b, e)]      at(k, e) = e / (H W) for a per-channel operand, else e
 * </pre>
 * Each operand's gradient is the output gradient times the other operand, summed over the plane for a
 * per-channel operand.
 */
final class ReferenceMultiply implements ReferenceLayer {
    private final MultiplyOp layer;
    private final LayerCall call;

    ReferenceMultiply(MultiplyOp layer, LayerCall call) {
        this.layer = layer;
        this.call = call;
    }

    /** Where operand {@code k} is read for output element {@code e} of an image. */
    private int at(int k, int e) {
        int plane = layer.output().height() * layer.output().width();
        return layer.inputShapes().get(k).intSize() == layer.output().intSize() ? e : e / plane;
    }

    private int size(int k) {
        return layer.inputShapes().get(k).intSize();
    }

    @Override
    public void forward(List<double[]> xs, double[] z) {
        int s = layer.output().intSize();
        // each image, each output element
        for (int n = 0; n < call.batch(); n++) {
            for (int e = 0; e < s; e++) {
                z[n * s + e] = xs.get(0)[n * size(0) + at(0, e)] * xs.get(1)[n * size(1) + at(1, e)];
            }
        }
    }

    @Override
    public void backward(List<double[]> xs, double[] dz, double[] grads, List<double[]> dxs) {
        int s = layer.output().intSize();
        // each image, each output element: each operand gets dz times the other (summed where it is broadcast)
        for (int n = 0; n < call.batch(); n++) {
            for (int e = 0; e < s; e++) {
                double g = dz[n * s + e];
                int a = n * size(0) + at(0, e);
                int b = n * size(1) + at(1, e);
                dxs.get(0)[a] += g * xs.get(1)[b];
                dxs.get(1)[b] += g * xs.get(0)[a];
            }
        }
    }

    /** {@code |a| E(b) + |b| E(a)} and the product's rounding. */
    @Override
    public void forwardScale(List<double[]> xs, List<double[]> exs, double[] z, double[] ez) {
        int s = layer.output().intSize();
        // each image, each output element
        for (int n = 0; n < call.batch(); n++) {
            for (int e = 0; e < s; e++) {
                int a = n * size(0) + at(0, e);
                int b = n * size(1) + at(1, e);
                ez[n * s + e] = Math.abs(xs.get(0)[a]) * exs.get(1)[b] + Math.abs(xs.get(1)[b]) * exs.get(0)[a]
                        + Math.abs(z[n * s + e]);
            }
        }
    }

    /**
     * Each term {@code dz * other} carries {@code |dz| E(other) + E(dz) |other|} and its rounding; a broadcast
     * operand's sum over the plane adds {@code sqrt(plane)} times the sum of its terms' sizes.
     */
    @Override
    public void backwardScale(List<double[]> xs, List<double[]> exs, double[] dz, double[] edz, List<double[]> dxs,
                              double[] gradScales, List<double[]> edxs) {
        int s = layer.output().intSize();
        int plane = layer.output().height() * layer.output().width();
        // each operand
        for (int k = 0; k < 2; k++) {
            int other = 1 - k;
            double[] sizes = new double[edxs.get(k).length];
            // each image, each output element: the term's scales and size
            for (int n = 0; n < call.batch(); n++) {
                for (int e = 0; e < s; e++) {
                    int mine = n * size(k) + at(k, e);
                    int theirs = n * size(other) + at(other, e);
                    double term = Math.abs(dz[n * s + e] * xs.get(other)[theirs]);
                    edxs.get(k)[mine] += Math.abs(dz[n * s + e]) * exs.get(other)[theirs]
                            + edz[n * s + e] * Math.abs(xs.get(other)[theirs]) + term;
                    sizes[mine] += term;
                }
            }
            if (layer.broadcast(k)) {
                // each element of the broadcast operand: the plane sum's rounding
                for (int i = 0; i < sizes.length; i++) {
                    edxs.get(k)[i] += Math.sqrt(plane) * sizes[i];
                }
            }
        }
    }
}
