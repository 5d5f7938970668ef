package dev.kiln.runtime.io;

import dev.kiln.dsl.Activation;
import dev.kiln.dsl.Init;
import dev.kiln.dsl.Loss;
import dev.kiln.dsl.PaddingMode;
import dev.kiln.reference.SpecBuilder;
import dev.kiln.spec.NetworkSpec;
import dev.kiln.spec.Window;

/** Small networks whose parameter layouts the checkpoint tests save and load. */
final class TestNets {
    private TestNets() {
    }

    /** c1 (2, 1, 3, 3) + (2), out (3, 8) + (3): 47 parameters. */
    static NetworkSpec tiny() {
        return SpecBuilder.of("test.Tiny", 1, 4, 4, Loss.SOFTMAX_CROSS_ENTROPY)
                .conv("c1", 2, Window.symmetric(3, 3, 1, 1, 0, 0, 1, 1), false, PaddingMode.ZEROS, true,
                        Activation.RELU, Init.HE_NORMAL)
                .flatten("flat")
                .dense("out", 3, true, Activation.NONE, Init.XAVIER_UNIFORM)
                .build();
    }

    /** The same layer names as {@link #tiny()} with a 2x2 kernel and no bias on {@code out}. */
    static NetworkSpec tinyVariant() {
        return SpecBuilder.of("test.TinyVariant", 1, 4, 4, Loss.SOFTMAX_CROSS_ENTROPY)
                .conv("c1", 2, Window.symmetric(2, 2, 1, 1, 0, 0, 1, 1), false, PaddingMode.ZEROS, true,
                        Activation.RELU, Init.HE_NORMAL)
                .flatten("flat")
                .dense("out", 3, false, Activation.NONE, Init.XAVIER_UNIFORM)
                .build();
    }

    /** One dense layer of 256 x 256 + 256 parameters: about 257 KiB on disk, so that a save takes a while. */
    static NetworkSpec wide() {
        return SpecBuilder.of("test.Wide", 1, 16, 16, Loss.SOFTMAX_CROSS_ENTROPY)
                .flatten("flat")
                .dense("f", 256, true, Activation.NONE, Init.XAVIER_UNIFORM)
                .build();
    }

    /** Parameter set {@code which} (0 or 1): values that differ everywhere between the sets and from zero. */
    static float[] pattern(NetworkSpec spec, int which) {
        float[] p = new float[spec.parameterCount()];
        for (int i = 0; i < p.length; i++) {
            p[i] = which == 0 ? 1 + i * 0.5f : -1 - i * 0.25f;
        }
        return p;
    }
}
