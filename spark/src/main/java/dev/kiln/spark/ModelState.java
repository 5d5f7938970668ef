package dev.kiln.spark;

import dev.kiln.runtime.Backend;
import dev.kiln.runtime.optim.OptimizerState;
import java.io.Serializable;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Everything a network's training carries from step to step, as it travels between the driver and
 * the executors: the parameters, the running statistics (batch norm's running mean and variance and
 * batch count; empty for a network without state) and the optimiser's state (its step count and
 * moments; null moments for an optimiser that keeps none, and both null when only inference needs the
 * weights). Arrays are shared, not copied: a state is built once and read, never changed.
 *
 * @param params          the parameters, {@link dev.kiln.spec.NetworkSpec#params()} layout
 * @param state           the running statistics, {@link dev.kiln.spec.NetworkSpec#state()} layout
 * @param optimizerSteps  updates made so far
 * @param first           SGD's momentum or Adam's first moment; null when the optimiser keeps none
 * @param second          Adam's second moment; null otherwise
 */
record ModelState(float[] params, float[] state, long optimizerSteps, float[] first, float[] second) implements Serializable {

    /** Weights for inference: parameters and running statistics, no optimiser. */
    static ModelState weights(float[] params, float[] state) {
        return new ModelState(params, state, 0, null, null);
    }

    /** The state {@code backend} holds now, optimiser included. */
    static ModelState of(Backend backend) {
        float[] p = new float[backend.spec().parameterCount()];
        float[] s = new float[backend.spec().stateCount()];
        backend.getParameters(p);
        backend.getState(s);
        OptimizerState o = backend.optimizerState();
        return new ModelState(p, s, o.steps(), o.first(), o.second());
    }

    /** The optimiser's part, as a backend restores it. */
    OptimizerState optimizer() {
        return new OptimizerState(optimizerSteps, first, second);
    }

    /** Puts this state into {@code backend}: parameters (which resets the optimiser), running statistics, then the optimiser's state. */
    void into(Backend backend) {
        backend.setParameters(params);
        backend.setState(state);
        if (first != null || second != null || optimizerSteps > 0) {
            backend.setOptimizerState(optimizer());
        }
    }

    /** A fingerprint of the parameters and running statistics (SHA-256, hex), naming a model's weights in executor caches. */
    String weightsHash() {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            ByteBuffer buffer = ByteBuffer.allocate(4 * (params.length + state.length) + 8);
            buffer.putInt(params.length).putInt(state.length);
            for (float f : params) {
                buffer.putFloat(f);
            }
            for (float f : state) {
                buffer.putFloat(f);
            }
            return HexFormat.of().formatHex(digest.digest(buffer.array()));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
