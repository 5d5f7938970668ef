package dev.kiln.reference;

import java.util.List;

/**
 * The kinds that end in a weighted sum {@code z = W x + b} (convolution, dense). Their error scales
 * come from their own loops run on other parameter vectors ({@link ReferenceScales#weightedForward}).
 */
abstract class WeightedLayer implements ReferenceLayer {
    final LayerCall call;

    WeightedLayer(LayerCall call) {
        this.call = call;
    }

    /** {@code z = W x + b} with the weight and bias read from {@code params} at the layer's offsets. */
    abstract void forward(double[] params, double[] x, double[] z);

    /** Adds the weight and bias gradients into {@code grads}; assigns {@code dx} when it is not null. */
    abstract void backward(double[] params, double[] x, double[] dz, double[] grads, double[] dx);

    @Override
    public void forward(List<double[]> xs, double[] z) {
        forward(call.params(), xs.get(0), z);
    }

    @Override
    public void backward(List<double[]> xs, double[] dz, double[] grads, List<double[]> dxs) {
        backward(call.params(), xs.get(0), dz, grads, dxs.get(0));
    }

    @Override
    public void forwardScale(List<double[]> xs, List<double[]> exs, double[] z, double[] ez) {
        double[] scale = ReferenceScales.weightedForward(this::forward, call.scaleParams(), xs.get(0), exs.get(0), z.length);
        System.arraycopy(scale, 0, ez, 0, ez.length);
    }

    @Override
    public void backwardScale(List<double[]> xs, List<double[]> exs, double[] dz, double[] edz, List<double[]> dxs,
                              double[] gradScales, List<double[]> edxs) {
        double[] scale = ReferenceScales.weightedBackward(this::backward, call.scaleParams(), xs.get(0), exs.get(0), dz, edz,
                gradScales, call.weightOffset(), call.weightSize(), call.biasOffset(), call.biasSize());
        System.arraycopy(scale, 0, edxs.get(0), 0, edxs.get(0).length);
    }
}
