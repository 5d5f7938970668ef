package dev.kiln.reference;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.dsl.Activation;
import dev.kiln.dsl.Init;
import dev.kiln.dsl.Loss;
import dev.kiln.dsl.PaddingMode;
import dev.kiln.spec.NetworkSpec;
import dev.kiln.spec.Window;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Rung 2 of the verification ladder: the reference's analytic gradients (parameters and input)
 * against central finite differences in double, for every layer kind crossed with its options,
 * every activation and every loss. Inputs are distinct random values, so no ReLU or max kink lies
 * within the finite-difference step.
 */
class ReferenceGradientTest {
    private static final int BATCH = 2;

    /** A conv under test on a (2, 6, 7) input, then flatten and a dense softmax classifier of 3 classes. */
    private static NetworkSpec convNet(Window w, PaddingMode mode, boolean bias, Activation activation) {
        return SpecBuilder.of("test.Conv", 2, 6, 7, Loss.SOFTMAX_CROSS_ENTROPY)
                .conv("c", 3, w, false, mode, bias, activation, Init.DEFAULT)
                .flatten("f")
                .dense("d", 3, true, Activation.NONE, Init.DEFAULT)
                .build();
    }

    static Stream<Arguments> convWindows() {
        return Stream.of(
                Arguments.of("3x3", Window.symmetric(3, 3, 1, 1, 0, 0, 1, 1)),
                Arguments.of("stride 2x1", Window.symmetric(3, 3, 2, 1, 0, 0, 1, 1)),
                Arguments.of("stride 2, padding 1", Window.symmetric(3, 3, 2, 2, 1, 1, 1, 1)),
                Arguments.of("padding 1x2", Window.symmetric(3, 3, 1, 1, 1, 2, 1, 1)),
                Arguments.of("rectangular 2x3", Window.symmetric(2, 3, 1, 1, 0, 0, 1, 1)),
                Arguments.of("rectangular 3x1, padding 2x0", Window.symmetric(3, 1, 1, 1, 2, 0, 1, 1)),
                Arguments.of("dilation 2", Window.symmetric(2, 2, 1, 1, 0, 0, 2, 2)),
                Arguments.of("dilation 2x1, padding 2", Window.symmetric(3, 2, 1, 2, 2, 1, 2, 1)),
                Arguments.of("same, odd 3x3", Window.same(6, 7, 3, 3, 1, 1, 1, 1)),
                Arguments.of("same, even 2x2 (asymmetric)", Window.same(6, 7, 2, 2, 1, 1, 1, 1)),
                Arguments.of("same, even 4x2 stride 2 (asymmetric)", Window.same(6, 7, 4, 2, 2, 2, 1, 1)),
                Arguments.of("same, 3x3 dilation 2", Window.same(6, 7, 3, 3, 1, 1, 2, 2)),
                Arguments.of("1x1", Window.symmetric(1, 1, 1, 1, 0, 0, 1, 1)));
    }

    @ParameterizedTest(name = "conv {0}, zeros padding")
    @MethodSource("convWindows")
    void convWithZeroPadding(String name, Window w) {
        assertCheck(convNet(w, PaddingMode.ZEROS, true, Activation.TANH));
    }

    @ParameterizedTest(name = "conv {0}, replicate padding")
    @MethodSource("convWindows")
    void convWithReplicatePadding(String name, Window w) {
        assertCheck(convNet(w, PaddingMode.REPLICATE, true, Activation.NONE));
    }

    @Test
    void convWithoutBias() {
        assertCheck(convNet(Window.symmetric(3, 2, 1, 1, 1, 0, 1, 1), PaddingMode.ZEROS, false, Activation.SIGMOID));
    }

    @ParameterizedTest
    @EnumSource(value = Activation.class, names = {"SOFTMAX"}, mode = EnumSource.Mode.EXCLUDE)
    void convActivations(Activation activation) {
        assertCheck(convNet(Window.symmetric(3, 3, 1, 1, 1, 1, 1, 1), PaddingMode.ZEROS, true, activation));
    }

    @ParameterizedTest
    @EnumSource(value = Activation.class, names = {"SOFTMAX"}, mode = EnumSource.Mode.EXCLUDE)
    void denseActivationsWithAndWithoutBias(Activation activation) {
        for (boolean bias : new boolean[] {true, false}) {
            assertCheck(SpecBuilder.of("test.Dense", 1, 3, 4, Loss.SOFTMAX_CROSS_ENTROPY)
                    .flatten("f")
                    .dense("h", 5, bias, activation, Init.DEFAULT)
                    .dense("d", 4, bias, Activation.NONE, Init.DEFAULT)
                    .build());
        }
    }

    static Stream<Arguments> poolWindows() {
        return Stream.of(
                Arguments.of("2x2 stride 2", Window.symmetric(2, 2, 2, 2, 0, 0, 1, 1)),
                Arguments.of("3x3 stride 1 (overlapping)", Window.symmetric(3, 3, 1, 1, 0, 0, 1, 1)),
                Arguments.of("3x3 stride 2 (overlapping)", Window.symmetric(3, 3, 2, 2, 0, 0, 1, 1)),
                Arguments.of("3x3 stride 2 padding 1", Window.symmetric(3, 3, 2, 2, 1, 1, 1, 1)),
                Arguments.of("2x3 stride 1x2 padding 1", Window.symmetric(2, 3, 1, 2, 1, 1, 1, 1)),
                Arguments.of("2x2 stride 1 dilation 2", Window.symmetric(2, 2, 1, 1, 0, 0, 2, 2)));
    }

    @ParameterizedTest(name = "max pool {0}")
    @MethodSource("poolWindows")
    void maxPool(String name, Window w) {
        assertCheck(SpecBuilder.of("test.MaxPool", 2, 6, 7, Loss.SOFTMAX_CROSS_ENTROPY)
                .conv("c", 2, Window.symmetric(1, 1, 1, 1, 0, 0, 1, 1), false, PaddingMode.ZEROS, true,
                        Activation.NONE, Init.DEFAULT)
                .maxPool("p", w)
                .flatten("f")
                .dense("d", 3, true, Activation.NONE, Init.DEFAULT)
                .build());
    }

    @ParameterizedTest(name = "avg pool {0}")
    @MethodSource("poolWindows")
    void avgPool(String name, Window w) {
        assertCheck(SpecBuilder.of("test.AvgPool", 2, 6, 7, Loss.SOFTMAX_CROSS_ENTROPY)
                .conv("c", 2, Window.symmetric(1, 1, 1, 1, 0, 0, 1, 1), false, PaddingMode.ZEROS, true,
                        Activation.NONE, Init.DEFAULT)
                .avgPool("p", w)
                .flatten("f")
                .dense("d", 3, true, Activation.NONE, Init.DEFAULT)
                .build());
    }

    static Stream<Arguments> groupedWindows() {
        return Stream.of(
                Arguments.of("stride 2, padding 1", Window.symmetric(3, 3, 2, 2, 1, 1, 1, 1)),
                Arguments.of("dilation 2x1, padding 2", Window.symmetric(3, 2, 1, 2, 2, 1, 2, 1)),
                Arguments.of("same, even 4x2 stride 2 (asymmetric)", Window.same(6, 7, 4, 2, 2, 2, 1, 1)));
    }

    /** Groups 2 of 4 channels into 6 filters, depthwise with 2 filters per channel, and depthwise. */
    @ParameterizedTest(name = "grouped conv {0}")
    @MethodSource("groupedWindows")
    void groupedConv(String name, Window w) {
        for (int[] gf : new int[][] {{2, 6}, {4, 8}, {4, 4}}) {
            assertCheck(SpecBuilder.of("test.Grouped", 4, 6, 7, Loss.SOFTMAX_CROSS_ENTROPY)
                    .conv("c", gf[1], w, false, PaddingMode.ZEROS, gf[0] == 4, Activation.TANH, Init.DEFAULT, gf[0])
                    .flatten("f")
                    .dense("d", 3, true, Activation.NONE, Init.DEFAULT)
                    .build());
        }
    }

    @Test
    void depthwiseConvWithReplicatePadding() {
        assertCheck(SpecBuilder.of("test.Depthwise", 3, 5, 6, Loss.SOFTMAX_CROSS_ENTROPY)
                .conv("c", 3, Window.symmetric(3, 3, 2, 1, 1, 1, 1, 1), false, PaddingMode.REPLICATE, true, Activation.RELU6,
                        Init.DEFAULT, 3)
                .flatten("f")
                .dense("d", 3, true, Activation.NONE, Init.DEFAULT)
                .build());
    }

    static Stream<Arguments> ceilWindows() {
        return Stream.of(
                Arguments.of("3x3 stride 2 on 6x7 (a partial last window)", Window.symmetric(3, 3, 2, 2, 0, 0, 1, 1)),
                Arguments.of("2x2 stride 2 padding 1 (the rule drops a window)", Window.symmetric(2, 2, 2, 2, 1, 1, 1, 1)),
                Arguments.of("3x3 stride 2 padding 1", Window.symmetric(3, 3, 2, 2, 1, 1, 1, 1)),
                Arguments.of("3x2 stride 3x2", Window.symmetric(3, 2, 3, 2, 0, 0, 1, 1)));
    }

    @ParameterizedTest(name = "ceil-mode pools {0}")
    @MethodSource("ceilWindows")
    void ceilModePools(String name, Window w) {
        for (int mode = 0; mode < 3; mode++) {
            SpecBuilder b = SpecBuilder.of("test.CeilPool", 2, 6, 7, Loss.SOFTMAX_CROSS_ENTROPY)
                    .conv("c", 2, Window.symmetric(1, 1, 1, 1, 0, 0, 1, 1), false, PaddingMode.ZEROS, true,
                            Activation.NONE, Init.DEFAULT);
            if (mode == 0) {
                b.maxPool("p", w, true);
            } else {
                b.avgPool("p", w, true, mode == 1);
            }
            assertCheck(b.flatten("f").dense("d", 3, true, Activation.NONE, Init.DEFAULT).build());
        }
    }

    @ParameterizedTest(name = "avg pool without the padding {0}")
    @MethodSource("poolWindows")
    void avgPoolWithoutThePaddingInTheDivisor(String name, Window w) {
        assertCheck(SpecBuilder.of("test.AvgPoolExcluding", 2, 6, 7, Loss.SOFTMAX_CROSS_ENTROPY)
                .conv("c", 2, Window.symmetric(1, 1, 1, 1, 0, 0, 1, 1), false, PaddingMode.ZEROS, true,
                        Activation.NONE, Init.DEFAULT)
                .avgPool("p", w, false, false)
                .flatten("f")
                .dense("d", 3, true, Activation.NONE, Init.DEFAULT)
                .build());
    }

    /** Squeeze-and-excitation both ways (a vector gate and a (C, 1, 1) gate, either operand first), and x * x. */
    @Test
    void multiply() {
        Window one = Window.symmetric(1, 1, 1, 1, 0, 0, 1, 1);
        assertCheck(SpecBuilder.of("test.SeVector", 3, 4, 5, Loss.SOFTMAX_CROSS_ENTROPY)
                .conv("c", 4, Window.symmetric(3, 3, 1, 1, 1, 1, 1, 1), false, PaddingMode.ZEROS, true, Activation.SILU,
                        Init.DEFAULT)
                .globalAvgPool("sq")
                .dense("fc1", 2, true, Activation.RELU, Init.DEFAULT)
                .dense("fc2", 4, true, Activation.SIGMOID, Init.DEFAULT)
                .from("c", "fc2").multiply("se")
                .flatten("f")
                .dense("d", 3, true, Activation.NONE, Init.DEFAULT)
                .build());
        assertCheck(SpecBuilder.of("test.SeImage", 3, 4, 5, Loss.SOFTMAX_CROSS_ENTROPY)
                .conv("c", 4, Window.symmetric(3, 3, 1, 1, 1, 1, 1, 1), false, PaddingMode.ZEROS, true, Activation.HARD_SWISH,
                        Init.DEFAULT)
                .avgPool("sq", Window.symmetric(4, 5, 1, 1, 0, 0, 1, 1))
                .conv("fc1", 2, one, false, PaddingMode.ZEROS, true, Activation.RELU, Init.DEFAULT)
                .conv("fc2", 4, one, false, PaddingMode.ZEROS, true, Activation.HARD_SIGMOID, Init.DEFAULT)
                .from("fc2", "c").multiply("se")
                .flatten("f")
                .dense("d", 3, true, Activation.NONE, Init.DEFAULT)
                .build());
        assertCheck(SpecBuilder.of("test.Square", 2, 3, 3, Loss.MEAN_SQUARED_ERROR)
                .conv("c", 2, one, false, PaddingMode.ZEROS, true, Activation.TANH, Init.DEFAULT)
                .from("c", "c").multiply("sq")
                .build());
    }

    @Test
    void sliceConcatAndShuffle() {
        assertCheck(SpecBuilder.of("test.Shuffle", 4, 5, 5, Loss.SOFTMAX_CROSS_ENTROPY)
                .conv("c", 6, Window.symmetric(3, 3, 1, 1, 1, 1, 1, 1), false, PaddingMode.ZEROS, true, Activation.TANH,
                        Init.DEFAULT)
                .from("c").slice("left", 0, 3)
                .from("c").slice("right", 3, 6)
                .conv("b", 3, Window.symmetric(3, 3, 1, 1, 1, 1, 1, 1), false, PaddingMode.ZEROS, true, Activation.GELU,
                        Init.DEFAULT, 3)
                .from("left", "b").concat("cat")
                .channelShuffle("sh", 2)
                .from("sh").slice("part", 1, 5)
                .channelShuffle("sh2", 4)
                .flatten("f")
                .slice("units", 7, 40)
                .dense("d", 3, true, Activation.NONE, Init.DEFAULT)
                .build());
    }

    /** DenseNet's order: batch norm on the input, after a concatenation, then ReLU and a conv. */
    @Test
    void batchNormOnTheInputAndAfterAConcat() {
        NetworkSpec spec = SpecBuilder.of("test.DenseNet", 2, 5, 5, Loss.SOFTMAX_CROSS_ENTROPY)
                .batchNorm("bn0", 1e-5, 0.1, Activation.NONE)
                .conv("c1", 3, Window.symmetric(3, 3, 1, 1, 1, 1, 1, 1), false, PaddingMode.ZEROS, false, Activation.NONE,
                        Init.DEFAULT)
                .from("bn0", "c1").concat("cat")
                .batchNorm("bn1", 1e-5, 0.1, Activation.RELU)
                .conv("c2", 2, Window.symmetric(1, 1, 1, 1, 0, 0, 1, 1), false, PaddingMode.ZEROS, false, Activation.NONE,
                        Init.DEFAULT)
                .globalAvgPool("gap")
                .dense("d", 3, true, Activation.NONE, Init.DEFAULT)
                .build();
        double worst = GradientCheck.check(spec, 4, 17, true);
        assertTrue(worst < GradientCheck.RTOL, spec + ": worst relative error " + worst);
    }

    @Test
    void maxPoolAfterReluConvStack() {
        assertCheck(SpecBuilder.of("test.Stack", 1, 9, 9, Loss.SOFTMAX_CROSS_ENTROPY)
                .conv("c1", 3, Window.symmetric(3, 3, 1, 1, 1, 1, 1, 1), false, PaddingMode.ZEROS, true,
                        Activation.RELU, Init.DEFAULT)
                .maxPool("s1", Window.symmetric(2, 2, 2, 2, 0, 0, 1, 1))
                .conv("c2", 4, Window.same(4, 4, 2, 2, 1, 1, 1, 1), true, PaddingMode.REPLICATE, true,
                        Activation.LEAKY_RELU, Init.DEFAULT)
                .avgPool("s2", Window.symmetric(2, 2, 2, 2, 0, 0, 1, 1))
                .flatten("f")
                .dense("f1", 6, true, Activation.TANH, Init.DEFAULT)
                .dense("f2", 3, true, Activation.SOFTMAX, Init.DEFAULT)
                .build());
    }

    @ParameterizedTest
    @EnumSource(value = Activation.class, names = {"NONE", "SOFTMAX"})
    void softmaxCrossEntropy(Activation last) {
        assertCheck(SpecBuilder.of("test.Ce", 1, 2, 3, Loss.SOFTMAX_CROSS_ENTROPY)
                .flatten("f")
                .dense("d", 4, true, last, Init.DEFAULT)
                .build());
    }

    @ParameterizedTest
    @EnumSource(value = Activation.class, names = {"NONE", "SIGMOID"})
    void binaryCrossEntropy(Activation last) {
        assertCheck(SpecBuilder.of("test.Bce", 2, 3, 3, Loss.BINARY_CROSS_ENTROPY)
                .conv("c", 2, Window.symmetric(2, 2, 1, 1, 0, 0, 1, 1), false, PaddingMode.ZEROS, true,
                        Activation.TANH, Init.DEFAULT)
                .flatten("f")
                .dense("d", 1, true, last, Init.DEFAULT)
                .build());
    }

    @ParameterizedTest
    @EnumSource(Activation.class)
    void meanSquaredErrorOnDenseOutput(Activation last) {
        assertCheck(SpecBuilder.of("test.Mse", 1, 3, 3, Loss.MEAN_SQUARED_ERROR)
                .flatten("f")
                .dense("d", 4, true, last, Init.DEFAULT)
                .build());
    }

    @Test
    void meanSquaredErrorOnImageOutput() {
        assertCheck(SpecBuilder.of("test.Edge", 1, 7, 6, Loss.MEAN_SQUARED_ERROR)
                .conv("c", 1, Window.symmetric(3, 3, 1, 1, 0, 0, 1, 1), false, PaddingMode.ZEROS, false,
                        Activation.NONE, Init.DEFAULT)
                .build());
        assertCheck(SpecBuilder.of("test.ImageOut", 2, 5, 5, Loss.MEAN_SQUARED_ERROR)
                .convSame("c", 3, 3, 3, 1, 1, 1, 1, PaddingMode.REPLICATE, true, Activation.SIGMOID, Init.DEFAULT)
                .build());
    }

    @Test
    void dropoutInTraining() {
        NetworkSpec spec = SpecBuilder.of("test.Dropout", 1, 4, 4, Loss.SOFTMAX_CROSS_ENTROPY)
                .flatten("f")
                .dense("h", 8, true, Activation.TANH, Init.DEFAULT)
                .dropout("drop", 0.4)
                .dense("d", 3, true, Activation.NONE, Init.DEFAULT)
                .build();
        assertTrue(GradientCheck.check(spec, 3, 11, true) < GradientCheck.RTOL);
        assertTrue(GradientCheck.check(spec, 3, 12, false) < GradientCheck.RTOL);
    }

    private static void assertCheck(NetworkSpec spec) {
        double worst = GradientCheck.check(spec, BATCH, spec.toString().hashCode(), false);
        assertTrue(worst < GradientCheck.RTOL, spec + ": worst relative error " + worst);
    }
}
