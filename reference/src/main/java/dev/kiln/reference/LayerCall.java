package dev.kiln.reference;

import dev.kiln.spec.NetworkSpec;
import dev.kiln.spec.ParamSpec;
import java.util.Arrays;
import java.util.Set;

/**
 * What one op's reference sees in one call: where its tensors sit in the flat arrays, the call's
 * arrays, and the call's switches.
 *
 * @param index        the op's position in the network (dropout's and augmentation's draws depend on it)
 * @param weightOffset its weight's first element in {@code params}, or -1
 * @param biasOffset   its bias's first element in {@code params} (batch norm's beta), or -1
 * @param weightSize   its weight's elements
 * @param biasSize     its bias's elements
 * @param stateOffset  its running statistics' first element in {@code state}, or -1
 * @param params       every parameter, {@code NetworkSpec#params()} layout
 * @param state        the running statistics, which a training forward updates in place
 * @param stateScale   the running statistics' error scales (written in training), or null without scales
 * @param scaleParams  the parameters' absolute values, squares and ones for the error scales, or null
 * @param batch        images in the call
 * @param training     whether the call trains (dropout and augmentation on, batch statistics)
 * @param seed         the step's seed for dropout's mask and augmentation's draws
 * @param frozen       whether the op is frozen (a frozen batch norm uses its running statistics in training too)
 */
record LayerCall(int index, int weightOffset, int biasOffset, int weightSize, int biasSize, int stateOffset,
                 double[] params, double[] state, double[] stateScale, ReferenceScales.Params scaleParams,
                 int batch, boolean training, long seed, boolean frozen) {

    /** The slots of layer {@code index} in the flat arrays of {@code offsets}, for one call. */
    static LayerCall of(Offsets offsets, int index, double[] params, double[] state, double[] stateScale,
                        ReferenceScales.Params scaleParams, int batch, boolean training, long seed, Set<String> frozen) {
        return new LayerCall(index, offsets.weight[index], offsets.bias[index], offsets.weightSize[index],
                offsets.biasSize[index], offsets.state[index], params, state, stateScale, scaleParams, batch, training, seed,
                frozen.contains(offsets.names[index]));
    }

    /** Whether a batch norm normalises with the batch's statistics: in training, unless frozen. */
    boolean batchStatistics() {
        return training && !frozen;
    }

    /** Where each layer's tensors start in the flat parameter and state arrays, computed once per network. */
    static final class Offsets {
        final String[] names;
        final int[] weight;
        final int[] bias;
        final int[] weightSize;
        final int[] biasSize;
        final int[] state;

        Offsets(NetworkSpec spec) {
            int n = spec.layers().size();
            names = new String[n];
            weight = new int[n];
            bias = new int[n];
            weightSize = new int[n];
            biasSize = new int[n];
            state = new int[n];
            Arrays.fill(weight, -1);
            Arrays.fill(bias, -1);
            Arrays.fill(state, -1);
            for (int i = 0; i < n; i++) {
                names[i] = spec.layers().get(i).name();
            }
            for (ParamSpec p : spec.params()) {
                if (p.isBias()) {
                    bias[p.layerIndex()] = p.offset();
                    biasSize[p.layerIndex()] = p.size();
                } else {
                    weight[p.layerIndex()] = p.offset();
                    weightSize[p.layerIndex()] = p.size();
                }
            }
            for (ParamSpec p : spec.state()) {
                if (state[p.layerIndex()] < 0) {
                    state[p.layerIndex()] = p.offset();
                }
            }
        }
    }
}
