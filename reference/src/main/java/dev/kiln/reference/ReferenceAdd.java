package dev.kiln.reference;

import java.util.List;

/** Add: the sum of the inputs; each input receives the whole gradient. */
final class ReferenceAdd implements ReferenceLayer {

    @Override
    public void forward(List<double[]> xs, double[] z) {
        // each input, each element
        for (double[] x : xs) {
            for (int e = 0; e < z.length; e++) {
                z[e] += x[e];
            }
        }
    }

    @Override
    public void backward(List<double[]> xs, double[] dz, double[] grads, List<double[]> dxs) {
        // each input receives the whole gradient
        for (double[] d : dxs) {
            System.arraycopy(dz, 0, d, 0, d.length);
        }
    }

    @Override
    public void forwardScale(List<double[]> xs, List<double[]> exs, double[] z, double[] ez) {
        double root = Math.sqrt(xs.size());
        // each input, each element: its scale and its share of the additions' rounding
        for (int k = 0; k < xs.size(); k++) {
            for (int e = 0; e < ez.length; e++) {
                ez[e] += exs.get(k)[e] + root * Math.abs(xs.get(k)[e]);
            }
        }
    }

    @Override
    public void backwardScale(List<double[]> xs, List<double[]> exs, double[] dz, double[] edz, List<double[]> dxs,
                              double[] gradScales, List<double[]> edxs) {
        // each input receives the whole gradient
        for (double[] d : edxs) {
            System.arraycopy(edz, 0, d, 0, d.length);
        }
    }
}
