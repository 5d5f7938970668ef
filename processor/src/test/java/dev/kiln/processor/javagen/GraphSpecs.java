package dev.kiln.processor.javagen;

import dev.kiln.dsl.Activation;
import dev.kiln.dsl.Init;
import dev.kiln.dsl.Loss;
import dev.kiln.dsl.PaddingMode;
import dev.kiln.reference.SpecBuilder;
import dev.kiln.spec.NetworkSpec;
import dev.kiln.spec.Window;
import java.util.List;

/** Hand-written graph networks: each graph kind alone and together, for the backends' parity tests. */
public final class GraphSpecs {
    private static final Window SAME3 = Window.symmetric(3, 3, 1, 1, 1, 1, 1, 1);
    private static final Window ONE = Window.symmetric(1, 1, 1, 1, 0, 0, 1, 1);

    private GraphSpecs() {
    }

    /** Residual block with batch norm, a strided stage with a 1x1 projection shortcut, global pooling. */
    public static NetworkSpec miniResNet(String pkg) {
        return SpecBuilder.of(pkg + ".MiniResNet", 1, 8, 8, Loss.SOFTMAX_CROSS_ENTROPY)
                .conv("stem", 4, SAME3, true, PaddingMode.ZEROS, false, Activation.NONE, Init.DEFAULT)
                .batchNorm("stemBn", 1e-5, 0.1, Activation.RELU)
                .conv("b1c1", 4, SAME3, true, PaddingMode.ZEROS, false, Activation.NONE, Init.DEFAULT)
                .batchNorm("b1n1", 1e-5, 0.1, Activation.RELU)
                .conv("b1c2", 4, SAME3, true, PaddingMode.ZEROS, false, Activation.NONE, Init.DEFAULT)
                .batchNorm("b1n2", 1e-5, 0.1, Activation.NONE)
                .from("b1n2", "stemBn").add("b1", Activation.RELU)
                .conv("b2c1", 6, Window.same(8, 8, 3, 3, 2, 2, 1, 1), true, PaddingMode.ZEROS, false, Activation.NONE, Init.DEFAULT)
                .batchNorm("b2n1", 1e-5, 0.1, Activation.RELU)
                .conv("b2c2", 6, SAME3, true, PaddingMode.ZEROS, false, Activation.NONE, Init.DEFAULT)
                .batchNorm("b2n2", 1e-5, 0.1, Activation.NONE)
                .from("b1").conv("b2proj", 6, Window.symmetric(1, 1, 2, 2, 0, 0, 1, 1), false, PaddingMode.ZEROS, false,
                        Activation.NONE, Init.DEFAULT)
                .batchNorm("b2projBn", 1e-5, 0.1, Activation.NONE)
                .from("b2n2", "b2projBn").add("b2", Activation.RELU)
                .globalAvgPool("gap")
                .dense("out", 3, true, Activation.NONE, Init.DEFAULT)
                .build();
    }

    /** Inception-style: parallel 1x1, 3x3 and 5x5 convs and a pool, concatenated; then concatenated vectors. */
    public static NetworkSpec inception(String pkg) {
        return SpecBuilder.of(pkg + ".MiniInception", 2, 6, 6, Loss.BINARY_CROSS_ENTROPY)
                .conv("b1", 2, ONE, false, PaddingMode.ZEROS, true, Activation.RELU, Init.DEFAULT)
                .from("input").conv("b3", 3, SAME3, true, PaddingMode.ZEROS, true, Activation.RELU, Init.DEFAULT)
                .from("input").conv("b5", 1, Window.symmetric(5, 5, 1, 1, 2, 2, 1, 1), false, PaddingMode.REPLICATE, true,
                        Activation.TANH, Init.DEFAULT)
                .from("input").maxPool("bp", SAME3)
                .from("b1", "b3", "b5", "bp").concat("mixed")
                .flatten("flat")
                .dense("left", 3, true, Activation.SIGMOID, Init.DEFAULT)
                .from("mixed").globalAvgPool("gap")
                .from("left", "gap").concat("both")
                .batchNorm("bnv", 1e-3, 0.2, Activation.LEAKY_RELU)
                .dropout("drop", 0.25)
                .dense("out", 1, true, Activation.SIGMOID, Init.DEFAULT)
                .build();
    }

    /** Fan-out everywhere: the input read three times, an add reading one tensor twice, MSE on an image output. */
    public static NetworkSpec fanOut(String pkg) {
        return SpecBuilder.of(pkg + ".FanOut", 1, 5, 4, Loss.MEAN_SQUARED_ERROR)
                .conv("a", 1, SAME3, true, PaddingMode.ZEROS, true, Activation.TANH, Init.DEFAULT)
                .from("input").avgPool("p", SAME3)
                .from("a", "p", "input", "a").add("sum", Activation.SIGMOID)
                .batchNorm("bn", 1e-5, 0.1, Activation.TANH)
                .build();
    }

    /** good/AdversarialNames.java as a spec: layers named after built-ins, generated identifiers, $ and Unicode. */
    public static NetworkSpec adversarialNames(String pkg) {
        return SpecBuilder.of(pkg + ".AdversarialNames", 1, 8, 8, Loss.SOFTMAX_CROSS_ENTROPY)
                .conv("mix", 2, SAME3, true, PaddingMode.ZEROS, true, Activation.RELU, Init.DEFAULT)
                .conv("c1", 2, SAME3, true, PaddingMode.ZEROS, true, Activation.NONE, Init.DEFAULT)
                .from("mix").conv("c1Weight", 2, ONE, false, PaddingMode.ZEROS, true, Activation.NONE, Init.DEFAULT)
                .from("c1", "c1Weight").add("a", Activation.TANH)
                .batchNorm("aGrad", 1e-5, 0.1, Activation.NONE)
                .maxPool("max", Window.symmetric(2, 2, 2, 2, 0, 0, 1, 1))
                .from("max").conv("$", 3, ONE, false, PaddingMode.ZEROS, true, Activation.NONE, Init.DEFAULT)
                .from("max").conv("a$b", 3, ONE, false, PaddingMode.ZEROS, true, Activation.SIGMOID, Init.DEFAULT)
                .from("$", "a$b", "max").concat("größe")
                .globalAvgPool("sin")
                .dense("params", 4, true, Activation.RELU, Init.DEFAULT)
                .from("sin").dense("n", 4, true, Activation.NONE, Init.DEFAULT)
                .from("params", "n").concat("worker")
                .batchNorm("kernel", 1e-5, 0.1, Activation.LEAKY_RELU)
                .dropout("in", 0.1)
                .dense("out", 3, true, Activation.NONE, Init.DEFAULT)
                .build();
    }

    /** The example: one conv named after an OpenCL built-in. */
    public static NetworkSpec mix(String pkg) {
        return SpecBuilder.of(pkg + ".Mix", 1, 6, 6, Loss.MEAN_SQUARED_ERROR)
                .conv("mix", 2, SAME3, true, PaddingMode.ZEROS, true, Activation.NONE, Init.DEFAULT)
                .build();
    }

    public static List<NetworkSpec> all(String pkg) {
        return List.of(miniResNet(pkg), inception(pkg), fanOut(pkg), adversarialNames(pkg), mix(pkg));
    }
}
