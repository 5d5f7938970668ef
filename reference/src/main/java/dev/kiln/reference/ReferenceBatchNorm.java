package dev.kiln.reference;

import dev.kiln.spec.BatchNormOp;
import java.util.List;

/**
 * Batch normalisation in double precision, PyTorch's semantics: training normalises with the batch
 * mean and biased variance and updates the running statistics with the unbiased variance;
 * evaluation normalises with the running statistics. Layout {@code (N, F, S)}: F features
 * (channels or units), S elements per image per feature.
 */
final class ReferenceBatchNorm implements ReferenceLayer {
    private final BatchNormOp layer;
    private final LayerCall call;
    /** What the forward normalised with, for backward. */
    private Statistics statistics;
    /** Their error scales, for the backward's scales. */
    private Scales scales;

    ReferenceBatchNorm(BatchNormOp layer, LayerCall call) {
        this.layer = layer;
        this.call = call;
    }

    /** Per feature: the mean and 1 / sqrt(var + eps) used for normalisation. */
    private record Statistics(double[] mean, double[] inv) {}

    @Override
    public void forward(List<double[]> xs, double[] z) {
        statistics = forward(layer, call.params(), call.weightOffset(), call.biasOffset(), call.state(), call.stateOffset(),
                xs.get(0), z, call.batch(), call.batchStatistics());
    }

    @Override
    public void backward(List<double[]> xs, double[] dz, double[] grads, List<double[]> dxs) {
        backward(layer, call.params(), call.weightOffset(), call.biasOffset(), statistics, xs.get(0), dz, grads, dxs.get(0),
                call.batch(), call.batchStatistics());
    }

    @Override
    public void forwardScale(List<double[]> xs, List<double[]> exs, double[] z, double[] ez) {
        scales = forwardScale(layer, call.params(), call.weightOffset(), call.biasOffset(), statistics, call.state(),
                call.stateOffset(), call.stateScale(), xs.get(0), exs.get(0), ez, call.batch(), call.batchStatistics());
    }

    @Override
    public void backwardScale(List<double[]> xs, List<double[]> exs, double[] dz, double[] edz, List<double[]> dxs,
                              double[] gradScales, List<double[]> edxs) {
        double[] scale = backwardScale(layer, call.params(), call.weightOffset(), call.biasOffset(), statistics, scales,
                xs.get(0), exs.get(0), dz, edz, gradScales, call.batch(), call.batchStatistics());
        System.arraycopy(scale, 0, edxs.get(0), 0, edxs.get(0).length);
    }

    /**
     * z = gamma xhat + beta. In training, {@code state} (running mean at {@code stateOffset}, running
     * variance after it, then the batch counter) is updated in place.
     */
    private static Statistics forward(BatchNormOp op, double[] params, int weightOffset, int biasOffset, double[] state, int stateOffset,
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
    private static void backward(BatchNormOp op, double[] params, int weightOffset, int biasOffset, Statistics stats, double[] x,
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

    /** Per feature: the scales of the mean and of 1 / sqrt(var + eps) that normalised it. */
    private record Scales(double[] mean, double[] inv) {}

    /**
     * Batch normalisation's forward scale, in training from the batch statistics: the mean carries
     * the mean of the input scales (common to every element) and its sum's rounding; the variance
     * {@code sum d^2 / M}, {@code d = x - mean}, carries {@code 2 |d| E(d)} and its sum's rounding on
     * the scale of {@code mean(x^2)} (which also covers a one-pass {@code E[x^2] - mean^2});
     * {@code inv} half the variance's relative scale. Writes the running statistics' scales.
     */
    private static Scales forwardScale(BatchNormOp op, double[] params, int weightOffset, int biasOffset,
                                       Statistics stats, double[] state, int stateOffset,
                                       double[] stateScales, double[] x, double[] ex, double[] ez, int batch,
                                       boolean training) {
        int f = op.features();
        int s = op.spatial();
        double m = (double) batch * s;
        double[] eMean = new double[f];
        double[] eInv = new double[f];
        // each feature
        for (int c = 0; c < f; c++) {
            double mu = stats.mean()[c];
            double inv = stats.inv()[c];
            double variance = 1 / (inv * inv) - op.eps();
            if (training) {
                double sumE = 0;
                double sumAbs = 0;
                double sumSquares = 0;
                // each image, each element: the scale of the mean
                for (int n = 0; n < batch; n++) {
                    for (int e = 0; e < s; e++) {
                        int i = (n * f + c) * s + e;
                        sumE += ex[i];
                        sumAbs += Math.abs(x[i]);
                        sumSquares += x[i] * x[i];
                    }
                }
                eMean[c] = sumE / m + Math.sqrt(m) * sumAbs / m;
                double eVar = 0;
                // each image, each element: the scale of the variance
                for (int n = 0; n < batch; n++) {
                    for (int e = 0; e < s; e++) {
                        int i = (n * f + c) * s + e;
                        double d = Math.abs(x[i] - mu);
                        eVar += 2 * d * (ex[i] + eMean[c] + Math.abs(x[i]) + Math.abs(mu));
                    }
                }
                eVar = eVar / m + Math.sqrt(m) * sumSquares / m;
                eInv[c] = inv * (eVar / (2 * (variance + op.eps())) + ReferenceScales.FUNCTION_ULPS);
                if (stateScales != null) {
                    double unbiasedScale = m > 1 ? m / (m - 1) : 1;
                    stateScales[stateOffset + c] = op.momentum() * eMean[c] + 2 * Math.abs(state[stateOffset + c]);
                    stateScales[stateOffset + f + c] = op.momentum() * eVar * unbiasedScale
                            + 2 * Math.abs(state[stateOffset + f + c]);
                }
            } else {
                eInv[c] = inv * ReferenceScales.FUNCTION_ULPS;
            }
            double gamma = Math.abs(params[weightOffset + c]);
            double beta = Math.abs(params[biasOffset + c]);
            // each image, each element: gamma (x - mean) inv + beta
            for (int n = 0; n < batch; n++) {
                for (int e = 0; e < s; e++) {
                    int i = (n * f + c) * s + e;
                    double d = Math.abs(x[i] - mu);
                    double eD = ex[i] + eMean[c] + Math.abs(x[i]) + Math.abs(mu);
                    double eXhat = eD * inv + d * eInv[c] + d * inv;
                    ez[i] = gamma * eXhat + gamma * d * inv + beta;
                }
            }
        }
        return new Scales(eMean, eInv);
    }

    /**
     * Batch normalisation's backward scale: {@code dbeta = sum dz}, {@code dgamma = sum dz xhat},
     * {@code dx = gamma inv / M (M dz - dbeta - xhat dgamma)} in training ({@code gamma inv dz}
     * in evaluation), each term's scale carried as the forward's.
     */
    private static double[] backwardScale(BatchNormOp op, double[] params, int weightOffset, int biasOffset,
                                          Statistics stats, Scales scales, double[] x, double[] ex,
                                          double[] dz, double[] edz, double[] gradScales, int batch, boolean training) {
        int f = op.features();
        int s = op.spatial();
        double m = (double) batch * s;
        double[] edx = new double[dz.length];
        // each feature
        for (int c = 0; c < f; c++) {
            double mu = stats.mean()[c];
            double inv = stats.inv()[c];
            double gamma = params[weightOffset + c];
            double sumDz = 0;
            double sumDzXhat = 0;
            double eSumDz = 0;
            double eSumDzXhat = 0;
            double ownDz = 0;
            double ownDzXhat = 0;
            // each image, each element: the two sums and their scales
            for (int n = 0; n < batch; n++) {
                for (int e = 0; e < s; e++) {
                    int i = (n * f + c) * s + e;
                    double xhat = (x[i] - mu) * inv;
                    double eXhat = xhatScale(x[i], ex[i], mu, inv, scales, c);
                    sumDz += dz[i];
                    sumDzXhat += dz[i] * xhat;
                    eSumDz += edz[i];
                    eSumDzXhat += Math.abs(dz[i]) * eXhat + edz[i] * Math.abs(xhat);
                    ownDz += Math.abs(dz[i]);
                    ownDzXhat += Math.abs(dz[i] * xhat);
                }
            }
            eSumDz += Math.sqrt(m) * ownDz;
            eSumDzXhat += Math.sqrt(m) * ownDzXhat;
            gradScales[weightOffset + c] = eSumDzXhat;
            gradScales[biasOffset + c] = eSumDz;
            // each image, each element: the input gradient's scale
            for (int n = 0; n < batch; n++) {
                for (int e = 0; e < s; e++) {
                    int i = (n * f + c) * s + e;
                    if (training) {
                        double xhat = (x[i] - mu) * inv;
                        double eXhat = xhatScale(x[i], ex[i], mu, inv, scales, c);
                        double inner = m * dz[i] - sumDz - xhat * sumDzXhat;
                        double eInner = m * edz[i] + eSumDz + Math.abs(xhat) * eSumDzXhat + eXhat * Math.abs(sumDzXhat)
                                + m * Math.abs(dz[i]) + Math.abs(sumDz) + Math.abs(xhat * sumDzXhat);
                        edx[i] = Math.abs(gamma) / m * (inv * eInner + Math.abs(inner) * scales.inv()[c])
                                + 2 * Math.abs(gamma * inv / m * inner);
                    } else {
                        edx[i] = Math.abs(gamma) * (inv * edz[i] + Math.abs(dz[i]) * scales.inv()[c]) + 2 * Math.abs(dz[i] * gamma * inv);
                    }
                }
            }
        }
        return edx;
    }

    private static double xhatScale(double x, double ex, double mu, double inv, Scales scales, int c) {
        double d = Math.abs(x - mu);
        double eD = ex + scales.mean()[c] + Math.abs(x) + Math.abs(mu);
        return eD * inv + d * scales.inv()[c] + d * inv;
    }
}
