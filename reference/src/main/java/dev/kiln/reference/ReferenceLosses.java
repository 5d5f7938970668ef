package dev.kiln.reference;

import dev.kiln.dsl.Activation;
import dev.kiln.dsl.Loss;

/**
 * The three losses, each the mean over the batch, computed from the last layer's pre-activation
 * {@code z} where that is the stable form, and their gradients.
 *
 * <ul>
 *   <li>Softmax cross-entropy: {@code logSumExp(z) - z[label]}; gradient {@code (softmax(z) - onehot) / N}
 *       with respect to {@code z}, whether the last activation is NONE (logits) or SOFTMAX.</li>
 *   <li>Binary cross-entropy: {@code max(z, 0) - z t + log(1 + e^-|z|)}; gradient {@code (sigmoid(z) - t) / N}
 *       with respect to {@code z}, whether the last activation is SIGMOID or NONE (a logit).</li>
 *   <li>Mean squared error: the mean over images of the mean over output elements of {@code (y - t)^2};
 *       gradient {@code 2 (y - t) / (N size)} with respect to the output {@code y}.</li>
 * </ul>
 */
final class ReferenceLosses {
    private ReferenceLosses() {
    }

    /** Whether the loss's gradient is taken with respect to the pre-activation (the activation folded in). */
    static boolean gradientIsPreActivation(Loss loss) {
        return loss != Loss.MEAN_SQUARED_ERROR;
    }

    /** The mean loss from the pre-activation {@code z} (softmax CE, BCE) or the output {@code y} (MSE). */
    static double loss(Loss loss, double[] z, double[] y, int[] labels, double[] targets, int batch, int size) {
        double total = 0;
        switch (loss) {
            case SOFTMAX_CROSS_ENTROPY -> {
                // each image
                for (int n = 0; n < batch; n++) {
                    total += ReferenceActivations.logSumExp(z, n * size, size) - z[n * size + labels[n]];
                }
            }
            case BINARY_CROSS_ENTROPY -> {
                // each output element
                for (int i = 0; i < batch * size; i++) {
                    total += binaryCrossEntropyOfLogit(z[i], targets[i]);
                }
            }
            case MEAN_SQUARED_ERROR -> {
                // each output element
                for (int i = 0; i < batch * size; i++) {
                    double e = y[i] - targets[i];
                    total += e * e / size;
                }
            }
        }
        return total / batch;
    }

    /**
     * The mean loss from the output alone, as {@link ReferenceNetwork#loss} sees it: softmax
     * probabilities and sigmoid outputs are read as probabilities ({@code -log p}), so a
     * probability that rounded to exactly 0 gives an infinite loss there (the pre-activation form
     * above stays finite).
     */
    static double lossOfOutput(Loss loss, Activation last, double[] y, int[] labels, double[] targets, int batch,
                               int size) {
        if (loss == Loss.SOFTMAX_CROSS_ENTROPY && last == Activation.SOFTMAX) {
            double total = 0;
            // each image
            for (int n = 0; n < batch; n++) {
                total -= Math.log(y[n * size + labels[n]]);
            }
            return total / batch;
        }
        if (loss == Loss.BINARY_CROSS_ENTROPY && last == Activation.SIGMOID) {
            double total = 0;
            // each output element
            for (int i = 0; i < batch * size; i++) {
                double p = y[i];
                total -= targets[i] * Math.log(p) + (1 - targets[i]) * Math.log1p(-p);
            }
            return total / batch;
        }
        return loss(loss, y, y, labels, targets, batch, size);
    }

    /**
     * The loss gradient: with respect to {@code z} for softmax CE and BCE, with respect to {@code y}
     * for MSE (the caller applies the activation's derivative).
     */
    static double[] gradient(Loss loss, double[] z, double[] y, int[] labels, double[] targets, int batch, int size) {
        double[] g = new double[batch * size];
        switch (loss) {
            case SOFTMAX_CROSS_ENTROPY -> {
                // each image
                for (int n = 0; n < batch; n++) {
                    ReferenceActivations.softmax(z, g, n * size, size);
                    g[n * size + labels[n]] -= 1;
                }
                // each output element
                for (int i = 0; i < batch * size; i++) {
                    g[i] /= batch;
                }
            }
            case BINARY_CROSS_ENTROPY -> {
                // each output element
                for (int i = 0; i < batch * size; i++) {
                    g[i] = (ReferenceActivations.sigmoid(z[i]) - targets[i]) / batch;
                }
            }
            case MEAN_SQUARED_ERROR -> {
                // each output element
                for (int i = 0; i < batch * size; i++) {
                    g[i] = 2 * (y[i] - targets[i]) / ((double) batch * size);
                }
            }
        }
        return g;
    }

    /** {@code -(t log s + (1 - t) log(1 - s))} with {@code s = sigmoid(z)}, in the form that never overflows. */
    static double binaryCrossEntropyOfLogit(double z, double t) {
        return Math.max(z, 0) - z * t + Math.log1p(Math.exp(-Math.abs(z)));
    }
}
