package dev.kiln.spec;

import dev.kiln.dsl.Activation;
import dev.kiln.dsl.Init;
import java.util.ArrayList;
import java.util.List;

/** The initialiser rules shared by the kinds with weights. */
final class Inits {
    private Inits() {
    }

    /** {@code DEFAULT} resolved: He normal after ReLU, leaky ReLU and ReLU6, Xavier uniform otherwise. */
    static Init resolve(Init init, Activation activation) {
        if (init != Init.DEFAULT) {
            return init;
        }
        return activation == Activation.RELU || activation == Activation.LEAKY_RELU || activation == Activation.RELU6
                ? Init.HE_NORMAL : Init.XAVIER_UNIFORM;
    }

    /** A weight and, if present, a bias of {@code units}: zeros, or PyTorch's uniform fan-in bound with that init. */
    static List<Op.Parameter> weightAndBias(int[] weightShape, boolean bias, int units, Init init, long fanIn, long fanOut) {
        List<Op.Parameter> ps = new ArrayList<>();
        ps.add(new Op.Parameter("weight", weightShape, init, fanIn, fanOut, true));
        if (bias) {
            ps.add(new Op.Parameter("bias", new int[] {units}, init == Init.UNIFORM_FAN_IN ? Init.UNIFORM_FAN_IN : Init.ZEROS,
                    fanIn, fanOut, true));
        }
        return List.copyOf(ps);
    }
}
