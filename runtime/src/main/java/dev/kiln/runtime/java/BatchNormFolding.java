package dev.kiln.runtime.java;

/**
 * Folds a batch norm in evaluation mode into the convolution before it, as PyTorch's
 * {@code fuse_conv_bn_eval} does. With {@code s = weight / sqrt(running_var + eps)} per output channel,
 * <pre>
 *   W'[oc, :] = s[oc] W[oc, :]        b'[oc] = bias[oc] + s[oc] (b[oc] - running_mean[oc])
 * </pre>
 * so that the batch norm of the convolution's output is the convolution with {@code W'} and {@code b'},
 * up to rounding: one pass over the output instead of two. The factors are computed in double and
 * stored in float. Generated passes call it at the start of {@code predict}, so the folded weights always
 * follow the current parameters and running statistics.
 */
public final class BatchNormFolding {

    private BatchNormFolding() {
    }

    /**
     * Writes the folded weights ({@code filters x k}, row-major like the convolution's) to
     * {@code folded[foldedWeightAt ..]} and the folded bias ({@code filters}) to {@code folded[foldedBiasAt ..]}.
     *
     * @param params   the flat parameters: the convolution's weight at {@code weightAt}, its bias at
     *                 {@code biasAt} (negative: no bias), the batch norm's weight and bias at {@code gammaAt}
     *                 and {@code betaAt}
     * @param filters  output channels of the convolution, the batch norm's features
     * @param k        weights per filter (in channels x kernel height x kernel width)
     * @param state    the running statistics: mean at {@code meanAt}, variance at {@code varAt}
     * @param eps      the batch norm's eps
     */
    public static void fold(float[] params, int weightAt, int biasAt, int filters, int k, int gammaAt, int betaAt,
                            float[] state, int meanAt, int varAt, double eps,
                            float[] folded, int foldedWeightAt, int foldedBiasAt) {
        for (int f = 0; f < filters; f++) {
            double s = params[gammaAt + f] / Math.sqrt(state[varAt + f] + eps);
            double b = biasAt < 0 ? 0 : params[biasAt + f];
            folded[foldedBiasAt + f] = (float) (params[betaAt + f] + s * (b - state[meanAt + f]));
            int from = weightAt + f * k;
            int to = foldedWeightAt + f * k;
            for (int i = 0; i < k; i++) {
                folded[to + i] = (float) (s * params[from + i]);
            }
        }
    }
}
