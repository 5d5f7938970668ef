package dev.kiln.reference;

import dev.kiln.spec.GlobalAvgPool2dOp;
import java.util.List;

/** Global average pooling: the mean of each channel's plane; each element gets its channel's gradient over the plane size. */
final class ReferenceGlobalAvgPool implements ReferenceLayer {
    private final GlobalAvgPool2dOp layer;
    private final LayerCall call;

    ReferenceGlobalAvgPool(GlobalAvgPool2dOp layer, LayerCall call) {
        this.layer = layer;
        this.call = call;
    }

    @Override
    public void forward(List<double[]> xs, double[] z) {
        mean(xs.get(0), z);
    }

    @Override
    public void backward(List<double[]> xs, double[] dz, double[] grads, List<double[]> dxs) {
        spread(dz, dxs.get(0));
    }

    /** The mean of the plane's scales, and the sum's rounding over its {@code H W} terms. */
    @Override
    public void forwardScale(List<double[]> xs, List<double[]> exs, double[] z, double[] ez) {
        double[] own = new double[z.length];
        mean(exs.get(0), ez);
        mean(ReferenceScales.abs(xs.get(0)), own);
        System.arraycopy(ReferenceScales.plusScaled(ez, Math.sqrt(plane()), own), 0, ez, 0, ez.length);
    }

    @Override
    public void backwardScale(List<double[]> xs, List<double[]> exs, double[] dz, double[] edz, List<double[]> dxs,
                              double[] gradScales, List<double[]> edxs) {
        double[] edx = edxs.get(0);
        double[] own = new double[edx.length];
        spread(edz, edx);
        spread(ReferenceScales.abs(dz), own);
        System.arraycopy(ReferenceScales.plus(edx, own), 0, edx, 0, edx.length);
    }

    private int plane() {
        return layer.input().height() * layer.input().width();
    }

    private void mean(double[] x, double[] y) {
        int plane = plane();
        // each image and channel
        for (int nc = 0; nc < call.batch() * layer.input().channels(); nc++) {
            double sum = 0;
            // each element of the plane
            for (int s = 0; s < plane; s++) {
                sum += x[nc * plane + s];
            }
            y[nc] = sum / plane;
        }
    }

    private void spread(double[] dy, double[] dx) {
        int plane = plane();
        // each image and channel
        for (int nc = 0; nc < call.batch() * layer.input().channels(); nc++) {
            // each element of the plane
            for (int s = 0; s < plane; s++) {
                dx[nc * plane + s] = dy[nc] / plane;
            }
        }
    }
}
