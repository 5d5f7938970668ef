package dev.kiln.reference;

import dev.kiln.spec.SliceOp;
import java.util.List;

/**
 * Slice: channels {@code [start, end)} of each image, one contiguous run of {@code (end - start) H W} elements
 * from {@code start H W}; the input's gradient is the output's there and zero elsewhere.
 */
final class ReferenceSlice implements ReferenceLayer {
    private final SliceOp layer;
    private final LayerCall call;

    ReferenceSlice(SliceOp layer, LayerCall call) {
        this.layer = layer;
        this.call = call;
    }

    @Override
    public void forward(List<double[]> xs, double[] z) {
        take(xs.get(0), z);
    }

    @Override
    public void backward(List<double[]> xs, double[] dz, double[] grads, List<double[]> dxs) {
        put(dz, dxs.get(0));
    }

    @Override
    public void forwardScale(List<double[]> xs, List<double[]> exs, double[] z, double[] ez) {
        take(exs.get(0), ez);
    }

    @Override
    public void backwardScale(List<double[]> xs, List<double[]> exs, double[] dz, double[] edz, List<double[]> dxs,
                              double[] gradScales, List<double[]> edxs) {
        put(edz, edxs.get(0));
    }

    private int plane() {
        return layer.input().height() * layer.input().width();
    }

    private void take(double[] x, double[] y) {
        int in = layer.input().intSize();
        int out = layer.output().intSize();
        // each image: its run of channels
        for (int n = 0; n < call.batch(); n++) {
            System.arraycopy(x, n * in + layer.start() * plane(), y, n * out, out);
        }
    }

    /** The run back into place; the other channels keep the zeros they hold on entry. */
    private void put(double[] dy, double[] dx) {
        int in = layer.input().intSize();
        int out = layer.output().intSize();
        // each image
        for (int n = 0; n < call.batch(); n++) {
            System.arraycopy(dy, n * out, dx, n * in + layer.start() * plane(), out);
        }
    }
}
