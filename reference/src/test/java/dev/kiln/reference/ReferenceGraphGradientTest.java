package dev.kiln.reference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.dsl.Activation;
import dev.kiln.dsl.Init;
import dev.kiln.dsl.Loss;
import dev.kiln.dsl.PaddingMode;
import dev.kiln.spec.NetworkSpec;
import dev.kiln.spec.Window;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Rung 2 for the graph kinds: finite differences against the reference's analytic gradients for
 * add (with its fused activation), concat of images and of vectors, batch norm on images and vectors
 * in training and evaluation, global average pooling and fan-out (one tensor read by several
 * layers, the input included), each alone and in random graphs; plus batch norm's forward and
 * running statistics against values worked out by hand.
 */
class ReferenceGraphGradientTest {
    private static final Window SAME3 = Window.symmetric(3, 3, 1, 1, 1, 1, 1, 1);

    private static SpecBuilder net(String name, int c, int h, int w, Loss loss) {
        return SpecBuilder.of("graph." + name, c, h, w, loss);
    }

    private static void check(NetworkSpec spec, boolean training) {
        double worst = GradientCheck.check(spec, 3, spec.qualifiedName().hashCode(), training);
        assertTrue(worst < GradientCheck.RTOL, spec + ": worst relative error " + worst);
    }

    @ParameterizedTest
    @ValueSource(strings = {"NONE", "TANH", "LEAKY_RELU", "SIGMOID"})
    void residualAddWithItsActivation(String activation) {
        NetworkSpec spec = net("Add" + activation, 2, 4, 4, Loss.SOFTMAX_CROSS_ENTROPY)
                .conv("c1", 2, SAME3, true, PaddingMode.ZEROS, true, Activation.TANH, Init.DEFAULT)
                .conv("c2", 2, SAME3, true, PaddingMode.ZEROS, true, Activation.NONE, Init.DEFAULT)
                .from("c2", "c1").add("sum", Activation.valueOf(activation))
                .flatten("flat").dense("out", 3, true, Activation.NONE, Init.DEFAULT).build();
        check(spec, true);
    }

    @Test
    void addOfTheInputWithItselfAndThreeAddends() {
        NetworkSpec spec = net("AddSelf", 1, 3, 3, Loss.MEAN_SQUARED_ERROR)
                .conv("c", 1, SAME3, true, PaddingMode.REPLICATE, true, Activation.SIGMOID, Init.DEFAULT)
                .from("c", "input", "input").add("sum", Activation.TANH).build();
        check(spec, true);
    }

    @Test
    void concatOfImagesAndOfVectors() {
        NetworkSpec spec = net("Concat", 2, 4, 5, Loss.BINARY_CROSS_ENTROPY)
                .conv("a", 3, SAME3, true, PaddingMode.ZEROS, true, Activation.TANH, Init.DEFAULT)
                .from("input").conv("b", 1, Window.symmetric(1, 1, 1, 1, 0, 0, 1, 1), false, PaddingMode.ZEROS, false,
                        Activation.SIGMOID, Init.DEFAULT)
                .from("a", "input", "b").concat("cat")
                .flatten("flat")
                .dense("d1", 3, true, Activation.TANH, Init.DEFAULT)
                .from("flat").dense("d2", 2, true, Activation.NONE, Init.DEFAULT)
                .from("d2", "d1").concat("v")
                .dense("out", 1, true, Activation.SIGMOID, Init.DEFAULT).build();
        check(spec, true);
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void batchNormOnImagesAndVectors(boolean training) {
        NetworkSpec spec = net("BatchNorm" + training, 2, 3, 4, Loss.SOFTMAX_CROSS_ENTROPY)
                .conv("c", 3, SAME3, true, PaddingMode.ZEROS, false, Activation.NONE, Init.DEFAULT)
                .batchNorm("bn", 1e-3, 0.1, Activation.TANH)
                .globalAvgPool("gap")
                .dense("h", 4, true, Activation.NONE, Init.DEFAULT)
                .batchNorm("bnv", 1e-5, 0.3, Activation.SIGMOID)
                .dense("out", 3, true, Activation.NONE, Init.DEFAULT).build();
        check(spec, training);
    }

    @Test
    void batchNormFirstAndLast() {
        NetworkSpec spec = net("BatchNormEnds", 2, 2, 3, Loss.MEAN_SQUARED_ERROR)
                .batchNorm("first", 1e-5, 0.1, Activation.NONE)
                .conv("c", 2, SAME3, true, PaddingMode.ZEROS, true, Activation.NONE, Init.DEFAULT)
                .batchNorm("last", 1e-5, 0.1, Activation.TANH).build();
        check(spec, true);
        check(spec, false);
    }

    @Test
    void globalAveragePoolingAndFanOut() {
        NetworkSpec spec = net("FanOut", 1, 5, 5, Loss.SOFTMAX_CROSS_ENTROPY)
                .conv("stem", 2, SAME3, true, PaddingMode.ZEROS, true, Activation.TANH, Init.DEFAULT)
                .conv("left", 2, SAME3, true, PaddingMode.ZEROS, true, Activation.SIGMOID, Init.DEFAULT)
                .from("stem").maxPool("right", Window.symmetric(3, 3, 1, 1, 1, 1, 1, 1))
                .from("left", "right", "stem").add("sum", Activation.NONE)
                .globalAvgPool("gap")
                .from("stem").globalAvgPool("gap2")
                .from("gap", "gap2").concat("v")
                .dense("out", 2, true, Activation.NONE, Init.DEFAULT).build();
        check(spec, true);
    }

    @Test
    void randomGraphs() {
        int count = Integer.getInteger("kiln.fuzz.count", 40);
        SplittableRandom random = new SplittableRandom(77);
        for (int i = 0; i < count; i++) {
            NetworkSpec spec = RandomGraphs.next(random, "fuzz.Graph" + i, false);
            double worst = GradientCheck.check(spec, 2, 500 + i, random.nextBoolean());
            assertTrue(worst < GradientCheck.RTOL, spec + ": worst relative error " + worst);
        }
    }

    /**
     * Two images of one channel, x = (1, 2, 3, 4) and (5, 6, 7, 8): mean 4.5, biased variance 5.25,
     * unbiased 6; with gamma 2, beta 1 and eps 0 the first element is 2 (1 - 4.5) / sqrt(5.25) + 1.
     */
    @Test
    void batchNormForwardAndRunningStatisticsByHand() {
        NetworkSpec spec = net("BatchNormHand", 1, 2, 2, Loss.MEAN_SQUARED_ERROR)
                .batchNorm("bn", 1e-300, 0.25, Activation.NONE).build();
        ReferenceNetwork net = new ReferenceNetwork(spec);
        double[] params = {2, 1};
        double[] state = net.initialState();
        assertArrayEquals(new double[] {0, 1, 0}, state);
        double[] x = {1, 2, 3, 4, 5, 6, 7, 8};
        double[] y = net.forward(params, state, x, 2, true, 0)[0];
        assertEquals(2 * (1 - 4.5) / Math.sqrt(5.25) + 1, y[0], 1e-12);
        assertEquals(2 * (8 - 4.5) / Math.sqrt(5.25) + 1, y[7], 1e-12);
        // running = 0.75 running + 0.25 batch, the variance unbiased; one batch tracked
        assertEquals(0.25 * 4.5, state[0], 1e-12);
        assertEquals(0.75 * 1 + 0.25 * 6, state[1], 1e-12);
        assertEquals(1, state[2], 0);
        // evaluation: the running statistics, and the state is left alone
        double[] eval = net.forward(params, state, x, 2, false, 0)[0];
        assertEquals(2 * (1 - 1.125) / Math.sqrt(2.25) + 1, eval[0], 1e-12);
        assertEquals(1, state[2], 0);
    }
}
