package dev.kiln.runtime.reference;

import dev.kiln.spec.BatchNormOp;

/**
 * Batch normalisation in double precision, PyTorch's semantics: training normalises with the batch
 * mean and biased variance and updates the running statistics with the unbiased variance;
 * evaluation normalises with the running statistics. Layout {@code (N, F, S)}: F features
 * (channels or units), S elements per image per feature.
 */
final class ReferenceBatchNorm {
    private ReferenceBatchNorm() {
    }

    /** Per feature: the mean and 1 / sqrt(var + eps) used for normalisation. */
    record Statistics(double[] mean, double[] inv) {}

    /**
     * z = gamma xhat + beta. In training, {@code state} (running mean at {@code stateOffset}, running
     * variance after it, then the batch counter) is updated in place.
     */
    static Statistics forward(BatchNormOp op, double[] params, int weightOffset, int biasOffset, double[] state, int stateOffset,
                              double[] x, double[] z, int batch, boolean training) {
        int f = op.features();
        int s = op.spatial();
        double m = (double) batch * s;
        double[] mean = new double[f];
        double[] inv = new double[f];
        // each feature
        for (int c = 0; c < f; c++) {
            if (training) {
                double sum = 0;
                // each image, each element of the feature
                for (int n = 0; n < batch; n++) {
                    for (int e = 0; e < s; e++) {
                        sum += x[(n * f + c) * s + e];
                    }
                }
                double mu = sum / m;
                double squares = 0;
                for (int n = 0; n < batch; n++) {
                    for (int e = 0; e < s; e++) {
                        double d = x[(n * f + c) * s + e] - mu;
                        squares += d * d;
                    }
                }
                double variance = squares / m;
                mean[c] = mu;
                inv[c] = 1 / Math.sqrt(variance + op.eps());
                double unbiased = m > 1 ? squares / (m - 1) : variance;
                state[stateOffset + c] = (1 - op.momentum()) * state[stateOffset + c] + op.momentum() * mu;
                state[stateOffset + f + c] = (1 - op.momentum()) * state[stateOffset + f + c] + op.momentum() * unbiased;
            } else {
                mean[c] = state[stateOffset + c];
                inv[c] = 1 / Math.sqrt(state[stateOffset + f + c] + op.eps());
            }
            // each image, each element: the affine normalisation
            for (int n = 0; n < batch; n++) {
                for (int e = 0; e < s; e++) {
                    int i = (n * f + c) * s + e;
                    z[i] = params[weightOffset + c] * (x[i] - mean[c]) * inv[c] + params[biasOffset + c];
                }
            }
        }
        if (training) {
            state[stateOffset + 2 * f] += 1;
        }
        return new Statistics(mean, inv);
    }

    /** Adds the weight and bias gradients, assigns dx. {@code training} must match the forward's. */
    static void backward(BatchNormOp op, double[] params, int weightOffset, int biasOffset, Statistics stats, double[] x,
                         double[] dz, double[] grads, double[] dx, int batch, boolean training) {
        int f = op.features();
        int s = op.spatial();
        double m = (double) batch * s;
        // each feature
        for (int c = 0; c < f; c++) {
            double sumDz = 0;
            double sumDzXhat = 0;
            // each image, each element: the sums over the batch
            for (int n = 0; n < batch; n++) {
                for (int e = 0; e < s; e++) {
                    int i = (n * f + c) * s + e;
                    sumDz += dz[i];
                    sumDzXhat += dz[i] * (x[i] - stats.mean()[c]) * stats.inv()[c];
                }
            }
            grads[weightOffset + c] += sumDzXhat;
            grads[biasOffset + c] += sumDz;
            double gamma = params[weightOffset + c];
            double inv = stats.inv()[c];
            // each image, each element: the input gradient
            for (int n = 0; n < batch; n++) {
                for (int e = 0; e < s; e++) {
                    int i = (n * f + c) * s + e;
                    if (training) {
                        double xhat = (x[i] - stats.mean()[c]) * inv;
                        dx[i] = gamma * inv / m * (m * dz[i] - sumDz - xhat * sumDzXhat);
                    } else {
                        dx[i] = dz[i] * gamma * inv;
                    }
                }
            }
        }
    }
}
