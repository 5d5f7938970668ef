package dev.kiln.reference;

import dev.kiln.spec.DropoutOp;
import dev.kiln.spec.Dropouts;
import java.util.List;

/**
 * Inverted dropout: in training, the elements {@link Dropouts#dropped} names become 0 and the others
 * are scaled by {@code 1 / (1 - rate)}; the identity at inference. Linear, so backward applies the
 * same mask to the gradient.
 */
final class ReferenceDropout implements ReferenceLayer {
    private final DropoutOp layer;
    private final LayerCall call;

    ReferenceDropout(DropoutOp layer, LayerCall call) {
        this.layer = layer;
        this.call = call;
    }

    @Override
    public void forward(List<double[]> xs, double[] z) {
        mask(xs.get(0), z, z.length);
    }

    @Override
    public void backward(List<double[]> xs, double[] dz, double[] grads, List<double[]> dxs) {
        mask(dz, dxs.get(0), dxs.get(0).length);
    }

    /** The masked scale, plus the scaling's rounding. */
    @Override
    public void forwardScale(List<double[]> xs, List<double[]> exs, double[] z, double[] ez) {
        mask(exs.get(0), ez, ez.length);
        System.arraycopy(ReferenceScales.plus(ez, ReferenceScales.abs(z)), 0, ez, 0, ez.length);
    }

    @Override
    public void backwardScale(List<double[]> xs, List<double[]> exs, double[] dz, double[] edz, List<double[]> dxs,
                              double[] gradScales, List<double[]> edxs) {
        double[] edx = edxs.get(0);
        mask(edz, edx, edx.length);
        System.arraycopy(ReferenceScales.plus(edx, ReferenceScales.abs(dxs.get(0))), 0, edx, 0, edx.length);
    }

    /** {@code y = x} masked and scaled in training, copied at inference. */
    private void mask(double[] x, double[] y, int elements) {
        double scale = 1 / (1 - layer.rate());
        // each element of the (N, size) batch buffer
        for (int e = 0; e < elements; e++) {
            if (!call.training()) {
                y[e] = x[e];
            } else {
                y[e] = Dropouts.dropped(call.seed(), call.index(), e, layer.rate()) ? 0 : x[e] * scale;
            }
        }
    }
}
