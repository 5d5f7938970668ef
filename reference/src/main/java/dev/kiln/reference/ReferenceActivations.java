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
            case RELU6 -> Math.min(Math.max(z, 0), 6);
            case HARD_SIGMOID -> Math.min(Math.max(z + 3, 0), 6) / 6;
            case HARD_SWISH -> z * Math.min(Math.max(z + 3, 0), 6) / 6;
            case SILU -> z * sigmoid(z);
            case GELU -> z * normalCdf(z);
            case SOFTMAX -> throw new IllegalArgumentException("softmax is not element-wise");
        };
    }

    /**
     * {@code f'(z)}, from {@code z} or the output {@code y = f(z)} whichever is exact, with PyTorch's choices at
     * the kinks: 0 for ReLU at {@code z <= 0}; ReLU6's 1 on {@code (0, 6)} only; hard sigmoid's 1/6 on
     * {@code (-3, 3)} only; hard swish's 0 up to -3, {@code z/3 + 1/2} on {@code (-3, 3)}, 1 from 3 (PyTorch 2's
     * {@code hardswish_backward}).
     */
    static double derivative(Activation activation, double z, double y) {
        return switch (activation) {
            case NONE -> 1;
            case RELU -> z > 0 ? 1 : 0;
            case LEAKY_RELU -> z > 0 ? 1 : LEAKY_SLOPE;
            case SIGMOID -> y * (1 - y);
            case TANH -> 1 - y * y;
            case RELU6 -> z > 0 && z < 6 ? 1 : 0;
            case HARD_SIGMOID -> z > -3 && z < 3 ? 1.0 / 6 : 0;
            case HARD_SWISH -> z <= -3 ? 0 : z < 3 ? z / 3 + 0.5 : 1;
            case SILU -> sigmoid(z) * (1 + z * (1 - sigmoid(z)));
            case GELU -> normalCdf(z) + z * normalDensity(z);
            case SOFTMAX -> throw new IllegalArgumentException("softmax is not element-wise");
        };
    }

    /** The standard normal density {@code exp(-z^2 / 2) / sqrt(2 pi)}. */
    static double normalDensity(double z) {
        return Math.exp(-z * z / 2) / Math.sqrt(2 * Math.PI);
    }

    /**
     * The standard normal distribution function {@code Phi(z)} by its Taylor series about 0 in Marsaglia's form
     * ("Evaluating the normal distribution", J. Stat. Softw. 11(4), 2004), slow and independent of the backends'
     * erf: {@code Phi(z) = 1/2 + phi(z) (z + z^3/3 + z^5/(3 5) + z^7/(3 5 7) + ...)}, every term of one sign,
     * summed until a term no longer changes the sum. Beyond {@code |z| = 10} it is 0 or 1 to double precision
     * (within 1e-23).
     */
    static double normalCdf(double z) {
        if (z > 10) {
            return 1;
        }
        if (z < -10) {
            return 0;
        }
        double term = z;
        double sum = z;
        // each term: the previous times z^2 / (2n + 1)
        for (int n = 1; sum + term != sum; n++) {
            term *= z * z / (2 * n + 1);
            sum += term;
        }
        return 0.5 + normalDensity(z) * sum;
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
