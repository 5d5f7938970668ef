package dev.kiln.reference;

import dev.kiln.spec.DenseOp;
import java.util.Arrays;

/**
 * A dense (fully connected) layer before its activation, forward and backward.
 *
 * <pre>
 *   x      (N, I)     input batch (a flattened image or a vector)
 *   weight (O, I)     PyTorch layout, flat from weightOffset
 *   bias   (O)        from biasOffset, or none (biasOffset &lt; 0)
 *   z      (N, O)     z[n,o] = bias[o] + sum_i weight[o,i] * x[n,i]
 * </pre>
 */
final class ReferenceDense extends WeightedLayer {
    private final DenseOp layer;

    ReferenceDense(DenseOp layer, LayerCall call) {
        super(call);
        this.layer = layer;
    }

    @Override
    void forward(double[] params, double[] x, double[] z) {
        int weightOffset = call.weightOffset();
        int biasOffset = call.biasOffset();
        int batch = call.batch();
        int in = layer.input().intSize();
        int out = layer.units();
        // each image
        for (int n = 0; n < batch; n++) {
            // each unit
            for (int o = 0; o < out; o++) {
                double sum = biasOffset >= 0 ? params[biasOffset + o] : 0;
                // each input element
                for (int i = 0; i < in; i++) {
                    sum += params[weightOffset + o * in + i] * x[n * in + i];
                }
                z[n * out + o] = sum;
            }
        }
    }

    @Override
    void backward(double[] params, double[] x, double[] dz, double[] grads, double[] dx) {
        int weightOffset = call.weightOffset();
        int biasOffset = call.biasOffset();
        int batch = call.batch();
        int in = layer.input().intSize();
        int out = layer.units();
        if (dx != null) {
            Arrays.fill(dx, 0, batch * in, 0);
        }
        // each image
        for (int n = 0; n < batch; n++) {
            // each unit
            for (int o = 0; o < out; o++) {
                double g = dz[n * out + o];
                if (biasOffset >= 0) {
                    grads[biasOffset + o] += g;
                }
                // each input element
                for (int i = 0; i < in; i++) {
                    grads[weightOffset + o * in + i] += g * x[n * in + i];
                    if (dx != null) {
                        dx[n * in + i] += g * params[weightOffset + o * in + i];
                    }
                }
            }
        }
    }
}
