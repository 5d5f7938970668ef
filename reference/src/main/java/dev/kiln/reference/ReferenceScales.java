package dev.kiln.reference;

import dev.kiln.dsl.Activation;
import dev.kiln.dsl.Loss;
import dev.kiln.spec.NetworkSpec;
import dev.kiln.spec.ParamSpec;
import java.util.Arrays;

/**
 * The error scales that travel with the reference's values ({@link ErrorBound} states the rules
 * and the unit). The weighted kinds (convolution, dense) reuse their own loops: run on squared
 * weights and squared scales they give the propagated part {@code sqrt(sum w^2 E(x)^2)}, on
 * absolute weights and values the sum of |terms|, and on ones the number of terms of each sum.
 * Everything here is in double, element by element, on {@code (N, size)} batch buffers.
 */
final class ReferenceScales {
    /** Ulps of its own value allowed for exp, log, sqrt, division and the activations built from them. */
    static final double FUNCTION_ULPS = 4;
    /** Ulps OpenCL allows erf and erfc (and GELU, built from one of them). */
    static final double ERF_ULPS = 16;

    private ReferenceScales() {
    }

    /** One weighted kind's forward loop: {@code z = W x + b} with the given parameter vector. */
    interface WeightedForward {
        void run(double[] params, double[] x, double[] z);
    }

    /** One weighted kind's backward loop: adds parameter gradients into {@code grads}, assigns {@code dx}. */
    interface WeightedBackward {
        void run(double[] params, double[] x, double[] dz, double[] grads, double[] dx);
    }

    /**
     * The parameter vectors the weighted loops are run on: absolute values, squared weights with
     * zero biases (a bias is exact, it carries no propagated error), and ones.
     */
    record Params(double[] abs, double[] squaredWeights, double[] ones) {
        static Params of(NetworkSpec spec, double[] params) {
            double[] abs = new double[params.length];
            double[] sq = new double[params.length];
            double[] ones = new double[params.length];
            for (ParamSpec p : spec.params()) {
                // each element of the tensor
                for (int i = p.offset(); i < p.offset() + p.size(); i++) {
                    abs[i] = Math.abs(params[i]);
                    sq[i] = p.isBias() ? 0 : params[i] * params[i];
                    ones[i] = 1;
                }
            }
            return new Params(abs, sq, ones);
        }
    }

    /** {@code E(z) = sqrt(W^2 E(x)^2) + sqrt(terms) (|W| |x| + |b|)}. */
    static double[] weightedForward(WeightedForward f, Params p, double[] x, double[] ex, int outLength) {
        double[] propagated = new double[outLength];
        double[] own = new double[outLength];
        double[] terms = new double[outLength];
        f.run(p.squaredWeights(), squares(ex), propagated);
        f.run(p.abs(), abs(x), own);
        f.run(p.ones(), filled(x.length, 1), terms);
        double[] e = new double[outLength];
        // each output element
        for (int i = 0; i < outLength; i++) {
            e[i] = Math.sqrt(propagated[i]) + Math.sqrt(terms[i]) * own[i];
        }
        return e;
    }

    /**
     * Writes the parameter gradients' scales into {@code gradScales} (the layer's weight and bias
     * tensors; a bias offset below 0 means none) and returns the input
     * gradient's scale. A weight gradient {@code sum dz x} carries {@code sqrt(2 sum (dz^2 E(x)^2
     * + E(dz)^2 x^2))} and its own rounding; a bias gradient {@code sum dz} carries
     * {@code sqrt(sum E(dz)^2)} and its own; the input gradient {@code W^T dz} as the forward.
     */
    static double[] weightedBackward(WeightedBackward b, Params p, double[] x, double[] ex, double[] dz, double[] edz,
                                     double[] gradScales, int weightOffset, int weightSize, int biasOffset, int biasSize) {
        int params = p.abs().length;
        double[] gPropagatedDz = new double[params];
        double[] gPropagatedX = new double[params];
        double[] gOwn = new double[params];
        double[] gTerms = new double[params];
        double[] dxPropagated = new double[x.length];
        double[] dxOwn = new double[x.length];
        double[] dxTerms = new double[x.length];
        double[] ones = filled(Math.max(x.length, dz.length), 1);
        b.run(p.squaredWeights(), squares(x), squares(edz), gPropagatedDz, dxPropagated);
        b.run(p.abs(), abs(x), abs(dz), gOwn, dxOwn);
        b.run(p.ones(), ones, ones, gTerms, dxTerms);
        b.run(p.ones(), squares(ex), squares(dz), gPropagatedX, new double[x.length]);
        // each weight
        for (int i = weightOffset; i < weightOffset + weightSize; i++) {
            gradScales[i] = Math.sqrt(2 * (gPropagatedDz[i] + gPropagatedX[i])) + Math.sqrt(gTerms[i]) * gOwn[i];
        }
        // each bias
        for (int i = biasOffset; i < biasOffset + biasSize; i++) {
            gradScales[i] = Math.sqrt(gPropagatedDz[i]) + Math.sqrt(gTerms[i]) * gOwn[i];
        }
        double[] edx = new double[x.length];
        // each input element
        for (int i = 0; i < x.length; i++) {
            edx[i] = Math.sqrt(dxPropagated[i]) + Math.sqrt(dxTerms[i]) * dxOwn[i];
        }
        return edx;
    }

    /** An activation's output scale: its Lipschitz constant times the input's, plus its own rounding. */
    static double[] activationForward(Activation a, double[] z, double[] ez, double[] y, int batch, int size) {
        double[] ey = new double[y.length];
        if (a == Activation.SOFTMAX) {
            // each image
            for (int n = 0; n < batch; n++) {
                softmaxScale(z, ez, y, ey, n * size, size);
            }
            return ey;
        }
        // each element
        for (int i = 0; i < y.length; i++) {
            ey[i] = switch (a) {
                case NONE, RELU -> ez[i];
                case LEAKY_RELU -> ez[i] + Math.abs(y[i]);
                case SIGMOID -> 0.25 * ez[i] + FUNCTION_ULPS * Math.abs(y[i]);
                case TANH -> ez[i] + FUNCTION_ULPS * Math.abs(y[i]);
                case RELU6 -> ez[i];
                // the shift by 3 and the division by 6 each round
                case HARD_SIGMOID -> ez[i] / 6 + 2 * Math.abs(y[i]);
                case HARD_SWISH -> 1.5 * ez[i] + FUNCTION_ULPS * Math.abs(y[i]);
                // |silu'| <= 1.1; the exponential's rounding reaches y through x sigmoid'(x) <= |x| / 4
                case SILU -> 1.1 * ez[i] + FUNCTION_ULPS * (Math.abs(y[i]) + 0.25 * Math.abs(z[i]));
                // |gelu'| <= 1.13; OpenCL allows erf and erfc 16 ulps; the scaling of x by 1/sqrt 2 rounds too
                case GELU -> 1.13 * (ez[i] + Math.abs(z[i])) + ERF_ULPS * Math.abs(y[i]);
                case SOFTMAX -> throw new IllegalStateException();
            };
        }
        return ey;
    }

    /**
     * Softmax {@code y_j = e^(z_j - max) / sum}: {@code dy_j/dz_k = y_j (delta_jk - y_k)}, so
     * {@code E(y_j) = y_j (E(z_j) + sum_k y_k E(z_k))}, plus the rounding of each shift (its
     * size), of the exponentials, the sum and the division.
     */
    static void softmaxScale(double[] z, double[] ez, double[] y, double[] ey, int offset, int size) {
        double max = Double.NEGATIVE_INFINITY;
        // each unit: the maximum
        for (int j = 0; j < size; j++) {
            max = Math.max(max, z[offset + j]);
        }
        double spread = 0;
        // each unit: the probability-weighted input scale and shift rounding
        for (int j = 0; j < size; j++) {
            spread += y[offset + j] * (ez[offset + j] + Math.abs(z[offset + j] - max));
        }
        // each unit
        for (int j = 0; j < size; j++) {
            double p = y[offset + j];
            ey[offset + j] = p * (ez[offset + j] + Math.abs(z[offset + j] - max) + spread
                    + FUNCTION_ULPS * (1 + Math.sqrt(size)));
        }
    }

    /**
     * {@code dz = f'(z) dy}: {@code |f'| E(dy)}, plus {@code |dy| |f''| E(y)} where the derivative is read from a
     * rounded output ({@code |dy| |f''| E(z)} where it is read from the pre-activation {@code z}), plus the
     * rounding of the derivative and of the product.
     */
    static double[] activationBackward(Activation a, double[] z, double[] ez, double[] y, double[] ey, double[] dy,
                                       double[] edy, double[] dz, int batch, int size) {
        double[] edz = new double[dz.length];
        if (a == Activation.SOFTMAX) {
            // each image: dz_i = y_i (dy_i - dot), dot = sum_j dy_j y_j
            for (int n = 0; n < batch; n++) {
                int base = n * size;
                double dot = 0;
                double eDot = 0;
                double own = 0;
                // each unit: the dot product and its scale
                for (int j = 0; j < size; j++) {
                    dot += dy[base + j] * y[base + j];
                    eDot += Math.abs(dy[base + j]) * ey[base + j] + edy[base + j] * y[base + j];
                    own += Math.abs(dy[base + j] * y[base + j]);
                }
                eDot += Math.sqrt(size) * own;
                // each unit
                for (int j = 0; j < size; j++) {
                    int i = base + j;
                    edz[i] = ey[i] * Math.abs(dy[i] - dot) + y[i] * (edy[i] + eDot + Math.abs(dy[i]) + Math.abs(dot))
                            + Math.abs(dz[i]);
                }
            }
            return edz;
        }
        // each element
        for (int i = 0; i < dz.length; i++) {
            double d = Math.abs(dy[i]);
            edz[i] = switch (a) {
                case NONE -> edy[i];
                case RELU -> y[i] > 0 ? edy[i] : 0;
                case LEAKY_RELU -> (y[i] > 0 ? 1 : ReferenceActivations.LEAKY_SLOPE) * edy[i] + Math.abs(dz[i]);
                case SIGMOID -> y[i] * (1 - y[i]) * edy[i] + d * Math.abs(1 - 2 * y[i]) * ey[i] + 2 * Math.abs(dz[i]);
                case TANH -> (1 - y[i] * y[i]) * edy[i] + d * 2 * Math.abs(y[i]) * ey[i] + 2 * Math.abs(dz[i]);
                case RELU6 -> y[i] > 0 && y[i] < 6 ? edy[i] : 0;
                case HARD_SIGMOID -> y[i] > 0 && y[i] < 1 ? edy[i] / 6 + Math.abs(dz[i]) : 0;
                case HARD_SWISH -> {
                    double slope = ReferenceActivations.derivative(a, z[i], y[i]);
                    boolean linear = z[i] > -3 && z[i] < 3;
                    yield Math.abs(slope) * edy[i] + (linear ? d * (ez[i] + Math.abs(z[i])) / 3 + d : 0) + Math.abs(dz[i]);
                }
                case SILU -> {
                    double s = ReferenceActivations.sigmoid(z[i]);
                    double slope = s * (1 + z[i] * (1 - s));
                    // |silu''| <= 1/2
                    yield Math.abs(slope) * edy[i] + d * 0.5 * (ez[i] + Math.abs(z[i]))
                            + FUNCTION_ULPS * d * (s + Math.abs(z[i]) * s * (1 - s)) + Math.abs(dz[i]);
                }
                case GELU -> {
                    double cdf = ReferenceActivations.normalCdf(z[i]);
                    double density = ReferenceActivations.normalDensity(z[i]);
                    double slope = cdf + z[i] * density;
                    // gelu'' = density (2 - z^2)
                    yield Math.abs(slope) * edy[i] + d * density * Math.abs(2 - z[i] * z[i]) * (ez[i] + Math.abs(z[i]))
                            + ERF_ULPS * d * (cdf + Math.abs(z[i]) * density) + Math.abs(dz[i]);
                }
                case SOFTMAX -> throw new IllegalStateException();
            };
        }
        return edz;
    }

    /**
     * The loss gradient's scale (with respect to z for softmax cross-entropy and binary
     * cross-entropy, to y for mean squared error), from the last layer's pre-activation scale
     * {@code ez} and output scale {@code ey}.
     */
    static double[] lossGradient(Loss loss, double[] z, double[] ez, double[] y, double[] ey, double[] targets, double[] g,
                                 int batch, int size) {
        double[] eg = new double[g.length];
        switch (loss) {
            case SOFTMAX_CROSS_ENTROPY -> {
                double[] p = new double[g.length];
                double[] ep = new double[g.length];
                // each image: the probabilities and their scales
                for (int n = 0; n < batch; n++) {
                    ReferenceActivations.softmax(z, p, n * size, size);
                    softmaxScale(z, ez, p, ep, n * size, size);
                }
                // each output element: (p - onehot) / N
                for (int i = 0; i < g.length; i++) {
                    eg[i] = ep[i] / batch + 2 * Math.abs(g[i]);
                }
            }
            case BINARY_CROSS_ENTROPY -> {
                // each output element: (sigmoid(z) - t) / N
                for (int i = 0; i < g.length; i++) {
                    double s = ReferenceActivations.sigmoid(z[i]);
                    eg[i] = (0.25 * ez[i] + FUNCTION_ULPS * s + 1) / batch + 2 * Math.abs(g[i]);
                }
            }
            case MEAN_SQUARED_ERROR -> {
                // each output element: 2 (y - t) / (N size)
                for (int i = 0; i < g.length; i++) {
                    eg[i] = 2 * (ey[i] + Math.abs(y[i]) + Math.abs(targets[i])) / ((double) batch * size) + 2 * Math.abs(g[i]);
                }
            }
        }
        return eg;
    }

    static double[] abs(double[] a) {
        double[] r = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            r[i] = Math.abs(a[i]);
        }
        return r;
    }

    static double[] squares(double[] a) {
        double[] r = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            r[i] = a[i] * a[i];
        }
        return r;
    }

    static double[] filled(int length, double value) {
        double[] r = new double[length];
        Arrays.fill(r, value);
        return r;
    }

    /** {@code a + b} element-wise into a new array. */
    static double[] plus(double[] a, double[] b) {
        double[] r = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            r[i] = a[i] + b[i];
        }
        return r;
    }

    /** {@code a + k b} element-wise into a new array. */
    static double[] plusScaled(double[] a, double k, double[] b) {
        double[] r = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            r[i] = a[i] + k * b[i];
        }
        return r;
    }
}
