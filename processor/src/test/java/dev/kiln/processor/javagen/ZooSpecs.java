package dev.kiln.processor.javagen;

import dev.kiln.dsl.Activation;
import dev.kiln.dsl.Init;
import dev.kiln.dsl.Loss;
import dev.kiln.dsl.PaddingMode;
import dev.kiln.reference.SpecBuilder;
import dev.kiln.spec.NetworkSpec;
import dev.kiln.spec.Window;
import java.util.ArrayList;
import java.util.List;

/**
 * One small network per kind and option of issue 23 (groups and depthwise, ceil mode, count_include_pad, products
 * of one shape and per channel, slices, shuffles, batch norm on the input and after a concat, and the activations
 * that keep their pre-activation in a conv, a batch norm, an add and a dense layer), shared by the Java pass's
 * option table and the OpenCL parity tests.
 */
public final class ZooSpecs {
    private ZooSpecs() {
    }

    /** A labelled network. */
    public record Named(String label, NetworkSpec spec) {
        @Override
        public String toString() {
            return label;
        }
    }

    private static Window square(int k, int s, int p) {
        return Window.symmetric(k, k, s, s, p, p, 1, 1);
    }

    private static SpecBuilder input(int index, Loss loss) {
        return SpecBuilder.of("t.zoo.Case" + index, 2, 7, 6, loss);
    }

    private static NetworkSpec classify(SpecBuilder b) {
        return b.flatten("flat").dense("head", 3, true, Activation.NONE, Init.DEFAULT).build();
    }

    /** The cases, their classes numbered from {@code first}. */
    public static List<Named> options(int first) {
        List<Named> cases = new ArrayList<>();
        Window one = square(1, 1, 0);
        cases.add(new Named("conv groups 2", classify(input(first + cases.size(), Loss.SOFTMAX_CROSS_ENTROPY)
                .conv("c", 4, square(3, 1, 1), false, PaddingMode.ZEROS, true, Activation.RELU, Init.DEFAULT, 2))));
        cases.add(new Named("depthwise conv stride 2 padding 1 ReLU6", classify(input(first + cases.size(), Loss.SOFTMAX_CROSS_ENTROPY)
                .conv("c", 2, square(3, 2, 1), false, PaddingMode.ZEROS, true, Activation.RELU6, Init.DEFAULT, 2))));
        cases.add(new Named("depthwise conv multiplier 2 replicate, no bias", classify(input(first + cases.size(), Loss.SOFTMAX_CROSS_ENTROPY)
                .conv("c", 4, Window.symmetric(2, 3, 1, 2, 1, 1, 1, 1), false, PaddingMode.REPLICATE, false, Activation.HARD_SWISH,
                        Init.DEFAULT, 2))));
        cases.add(new Named("grouped conv dilation 2, same", classify(input(first + cases.size(), Loss.SOFTMAX_CROSS_ENTROPY)
                .conv("c1", 4, one, false, PaddingMode.ZEROS, true, Activation.NONE, Init.DEFAULT)
                .convSame("c", 6, 3, 3, 1, 1, 2, 2, PaddingMode.ZEROS, true, Activation.SILU, Init.DEFAULT))));
        cases.add(new Named("max pool 3 stride 2 ceil mode", classify(input(first + cases.size(), Loss.SOFTMAX_CROSS_ENTROPY)
                .maxPool("p", square(3, 2, 0), true))));
        cases.add(new Named("avg pool 2 stride 2 padding 1 ceil mode", classify(input(first + cases.size(), Loss.SOFTMAX_CROSS_ENTROPY)
                .avgPool("p", square(2, 2, 1), true, true))));
        cases.add(new Named("avg pool 3 stride 2 padding 1 without the padding", classify(input(first + cases.size(), Loss.SOFTMAX_CROSS_ENTROPY)
                .avgPool("p", square(3, 2, 1), false, false))));
        cases.add(new Named("avg pool 3 stride 2 ceil mode without the padding", classify(input(first + cases.size(), Loss.SOFTMAX_CROSS_ENTROPY)
                .avgPool("p", square(3, 2, 1), true, false))));
        cases.add(new Named("squeeze-and-excitation with a vector gate", classify(input(first + cases.size(), Loss.SOFTMAX_CROSS_ENTROPY)
                .conv("c", 4, square(3, 1, 1), false, PaddingMode.ZEROS, true, Activation.HARD_SWISH, Init.DEFAULT)
                .globalAvgPool("sq")
                .dense("fc1", 2, true, Activation.RELU, Init.DEFAULT)
                .dense("fc2", 4, true, Activation.HARD_SIGMOID, Init.DEFAULT)
                .from("c", "fc2").multiply("se"))));
        cases.add(new Named("squeeze-and-excitation with a (C, 1, 1) gate first", classify(input(first + cases.size(), Loss.SOFTMAX_CROSS_ENTROPY)
                .conv("c", 3, square(3, 1, 1), false, PaddingMode.ZEROS, true, Activation.SILU, Init.DEFAULT)
                .avgPool("sq", Window.symmetric(7, 6, 1, 1, 0, 0, 1, 1))
                .conv("fc1", 2, one, false, PaddingMode.ZEROS, true, Activation.SILU, Init.DEFAULT)
                .conv("fc2", 3, one, false, PaddingMode.ZEROS, true, Activation.SIGMOID, Init.DEFAULT)
                .from("fc2", "c").multiply("se"))));
        cases.add(new Named("product of one shape and a square", classify(input(first + cases.size(), Loss.SOFTMAX_CROSS_ENTROPY)
                .conv("c", 2, square(3, 1, 1), false, PaddingMode.ZEROS, true, Activation.TANH, Init.DEFAULT)
                .from("input", "c").multiply("m")
                .from("m", "m").multiply("sq"))));
        cases.add(new Named("slice, branch, concat, shuffle", classify(input(first + cases.size(), Loss.SOFTMAX_CROSS_ENTROPY)
                .conv("c", 6, square(3, 1, 1), false, PaddingMode.ZEROS, true, Activation.RELU, Init.DEFAULT)
                .from("c").slice("left", 0, 3)
                .from("c").slice("right", 3, 6)
                .conv("b", 3, square(3, 1, 1), false, PaddingMode.ZEROS, false, Activation.NONE, Init.DEFAULT, 3)
                .from("left", "b").concat("cat")
                .channelShuffle("sh", 2)
                .slice("part", 1, 4)
                .channelShuffle("sh3", 3))));
        cases.add(new Named("slice and shuffle of a vector", input(first + cases.size(), Loss.SOFTMAX_CROSS_ENTROPY).flatten("flat")
                .slice("s", 5, 65).channelShuffle("sh", 4).dense("head", 3, true, Activation.NONE, Init.DEFAULT).build()));
        cases.add(new Named("batch norm on the input and after a concat, then ReLU and a conv",
                classify(input(first + cases.size(), Loss.SOFTMAX_CROSS_ENTROPY)
                .batchNorm("bn0", 1e-5, 0.1, Activation.NONE)
                .conv("c", 3, square(3, 1, 1), false, PaddingMode.ZEROS, false, Activation.NONE, Init.DEFAULT)
                .from("bn0", "c").concat("cat")
                .batchNorm("bn1", 1e-5, 0.1, Activation.RELU)
                .conv("c2", 2, one, false, PaddingMode.ZEROS, false, Activation.NONE, Init.DEFAULT))));
        cases.add(new Named("batch norm with hard swish, add with GELU, dense with SiLU",
                input(first + cases.size(), Loss.SOFTMAX_CROSS_ENTROPY)
                .conv("c", 2, square(3, 1, 1), false, PaddingMode.ZEROS, false, Activation.NONE, Init.DEFAULT)
                .batchNorm("bn", 1e-5, 0.1, Activation.HARD_SWISH)
                .from("bn", "input").add("sum", Activation.GELU)
                .flatten("flat")
                .dense("h", 5, true, Activation.SILU, Init.DEFAULT)
                .dense("head", 3, true, Activation.NONE, Init.DEFAULT).build()));
            return cases;
    }
}
