package dev.kiln.processor.javagen;

import dev.kiln.dsl.Activation;
import dev.kiln.spec.BatchNormOp;
import dev.kiln.spec.NetworkSpec;
import dev.kiln.spec.Op;
import dev.kiln.spec.ParamSpec;
import java.util.List;

/**
 * Parameter tensors whose true gradient is exactly zero: the bias of a layer without activation
 * whose output is read only by batch norms. Batch norm subtracts each channel's batch mean, so a
 * per-channel constant added before it cancels out of the loss; a float pass computes that zero as
 * a sum of terms of the layer's gradient scale that cancel, so such a tensor is judged on the whole
 * gradient vector's scale, every other tensor on its own.
 */
public final class ZeroGradientTensors {
    private ZeroGradientTensors() {
    }

    /** Whether {@code p}'s gradient is zero in exact arithmetic, as the class comment says. */
    public static boolean isZeroInExactArithmetic(NetworkSpec spec, ParamSpec p) {
        if (!p.isBias()) {
            return false;
        }
        Op layer = spec.layers().get(p.layerIndex());
        if (layer.activation() != Activation.NONE) {
            return false;
        }
        List<Integer> readers = spec.consumers(layer.name());
        return !readers.isEmpty() && readers.stream().allMatch(i -> spec.layers().get(i) instanceof BatchNormOp);
    }
}
