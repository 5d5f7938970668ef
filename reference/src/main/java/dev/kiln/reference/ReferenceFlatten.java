package dev.kiln.reference;

import java.util.List;

/** Flatten: channel-major {@code (C, H, W)} already is the flat order, so values, gradients and scales are copied. */
final class ReferenceFlatten implements ReferenceLayer {

    @Override
    public void forward(List<double[]> xs, double[] z) {
        System.arraycopy(xs.get(0), 0, z, 0, z.length);
    }

    @Override
    public void backward(List<double[]> xs, double[] dz, double[] grads, List<double[]> dxs) {
        System.arraycopy(dz, 0, dxs.get(0), 0, dxs.get(0).length);
    }

    @Override
    public void forwardScale(List<double[]> xs, List<double[]> exs, double[] z, double[] ez) {
        System.arraycopy(exs.get(0), 0, ez, 0, ez.length);
    }

    @Override
    public void backwardScale(List<double[]> xs, List<double[]> exs, double[] dz, double[] edz, List<double[]> dxs,
                              double[] gradScales, List<double[]> edxs) {
        System.arraycopy(edz, 0, edxs.get(0), 0, edxs.get(0).length);
    }
}
