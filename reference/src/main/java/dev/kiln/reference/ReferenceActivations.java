package dev.kiln.reference;

import dev.kiln.dsl.Activation;

/**
 * Activations and their derivatives on {@code (N, size)} batch buffers. Softmax normalises over
 * the {@code size} elements of each image; the others act element by element.
 */
final class ReferenceActivations {
    /** The negative slope of {@link Activation#LEAKY_RELU}, PyTorch's default. */
    static final double LEAKY_SLOPE = Activation.LEAKY_RELU_SLOPE;

    private ReferenceActivations() {
    }

    /** {@code y = f(z)}. */
    static void forward(Activation activation, double[] z, double[] y, int batch, int size) {
        if (activation == Activation.SOFTMAX) {
            // each image
            for (int n = 0; n < batch; n++) {
                softmax(z, y, n * size, size);
            }
            return;
        }
        // each element of the batch buffer
        for (int i = 0; i < batch * size; i++) {
            y[i] = apply(activation, z[i]);
        }
    }

    /**
     * {@code dz = dy * f'(z)}; for softmax the Jacobian product
     * {@code dz_i = y_i (dy_i - sum_j dy_j y_j)} per image.
     */
    static void backward(Activation activation, double[] z, double[] y, double[] dy, double[] dz, int batch, int size) {
        if (activation == Activation.SOFTMAX) {
            // each image
            for (int n = 0; n < batch; n++) {
                int base = n * size;
                double dot = 0;
                // each unit: sum_j dy_j y_j
                for (int j = 0; j < size; j++) {
                    dot += dy[base + j] * y[base + j];
                }
                // each unit: the Jacobian row
                for (int j = 0; j < size; j++) {
                    dz[base + j] = y[base + j] * (dy[base + j] - dot);
                }
            }
            return;
        }
        // each element of the batch buffer
        for (int i = 0; i < batch * size; i++) {
            dz[i] = dy[i] * derivative(activation, z[i], y[i]);
        }
    }

    /** One element of an element-wise activation. */
    static double apply(Activation activation, double z) {
        return switch (activation) {
            case NONE -> z;
            case RELU -> z > 0 ? z : 0;
            case LEAKY_RELU -> z > 0 ? z : LEAKY_SLOPE * z;
            case SIGMOID -> sigmoid(z);
            case TANH -> Math.tanh(z);
            case SOFTMAX -> throw new IllegalArgumentException("softmax is not element-wise");
        };
    }

    /** {@code f'(z)}, from {@code z} or the output {@code y = f(z)} whichever is exact; 0 for ReLU at {@code z <= 0}. */
    static double derivative(Activation activation, double z, double y) {
        return switch (activation) {
            case NONE -> 1;
            case RELU -> z > 0 ? 1 : 0;
            case LEAKY_RELU -> z > 0 ? 1 : LEAKY_SLOPE;
            case SIGMOID -> y * (1 - y);
            case TANH -> 1 - y * y;
            case SOFTMAX -> throw new IllegalArgumentException("softmax is not element-wise");
        };
    }

    /** The logistic function, written so that neither branch overflows. */
    static double sigmoid(double z) {
        if (z >= 0) {
            return 1 / (1 + Math.exp(-z));
        }
        double e = Math.exp(z);
        return e / (1 + e);
    }

    /** Softmax of {@code size} values from {@code offset}, shifted by their maximum so that no exponential overflows. */
    static void softmax(double[] z, double[] y, int offset, int size) {
        double max = Double.NEGATIVE_INFINITY;
        // each unit: the maximum
        for (int j = 0; j < size; j++) {
            max = Math.max(max, z[offset + j]);
        }
        double sum = 0;
        // each unit: the shifted exponential and their sum
        for (int j = 0; j < size; j++) {
            y[offset + j] = Math.exp(z[offset + j] - max);
            sum += y[offset + j];
        }
        // each unit: normalise
        for (int j = 0; j < size; j++) {
            y[offset + j] /= sum;
        }
    }

    /** {@code log(sum_j exp(z_j))} over {@code size} values from {@code offset}, shifted by their maximum. */
    static double logSumExp(double[] z, int offset, int size) {
        double max = Double.NEGATIVE_INFINITY;
        // each unit: the maximum
        for (int j = 0; j < size; j++) {
            max = Math.max(max, z[offset + j]);
        }
        double sum = 0;
        // each unit: the shifted exponentials
        for (int j = 0; j < size; j++) {
            sum += Math.exp(z[offset + j] - max);
        }
        return max + Math.log(sum);
    }
}
