package dev.kiln.spec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kiln.dsl.Activation;
import dev.kiln.dsl.Init;
import dev.kiln.dsl.Loss;
import dev.kiln.dsl.PaddingMode;
import org.junit.jupiter.api.Test;

/** Counts, parameter layout and receptive fields of hand-built specs against hand calculations. */
class NetworkSpecTest {

    private static NetworkSpec leNet5() {
        return NetworkSpec.builder("p.LeNet5", 1, 28, 28, Loss.SOFTMAX_CROSS_ENTROPY)
                .conv("c1", 6, Window.symmetric(5, 5, 1, 1, 2, 2, 1, 1), false, PaddingMode.ZEROS, true, Activation.RELU, Init.DEFAULT)
                .maxPool("s2", Window.symmetric(2, 2, 2, 2, 0, 0, 1, 1))
                .conv("c3", 16, Window.symmetric(5, 5, 1, 1, 0, 0, 1, 1), false, PaddingMode.ZEROS, true, Activation.RELU, Init.DEFAULT)
                .maxPool("s4", Window.symmetric(2, 2, 2, 2, 0, 0, 1, 1))
                .conv("c5", 120, Window.symmetric(5, 5, 1, 1, 0, 0, 1, 1), false, PaddingMode.ZEROS, true, Activation.RELU, Init.DEFAULT)
                .flatten("flat")
                .dense("f6", 84, true, Activation.RELU, Init.DEFAULT)
                .dense("out", 10, true, Activation.NONE, Init.DEFAULT)
                .build();
    }

    @Test
    void leNet5Counts() {
        NetworkSpec s = leNet5();
        assertEquals(61_706, s.parameterCount());
        // 117,600 + 240,000 + 48,000 + 10,080 + 840
        assertEquals(416_520, s.multiplies());
        assertEquals(Shape.of(16, 5, 5), s.layer("s4").output());
        assertEquals(Shape.vector(120), s.layer("flat").output());
        assertEquals(10, s.classes());
    }

    @Test
    void parametersAreLaidOutLayerByLayerWeightThenBias() {
        NetworkSpec s = leNet5();
        assertEquals(0, s.param("c1.weight").offset());
        assertEquals(150, s.param("c1.bias").offset());
        assertEquals(156, s.param("c3.weight").offset());
        assertArrayEquals(new int[] {16, 6, 5, 5}, s.param("c3.weight").shape());
        assertArrayEquals(new int[] {84, 120}, s.param("f6.weight").shape());
        // 61,706 - 10 = 61,696
        assertEquals(61_696, s.param("out.bias").offset());
        assertEquals(Init.HE_NORMAL, s.param("c1.weight").init());
        assertEquals(Init.XAVIER_UNIFORM, s.param("out.weight").init());
        assertEquals(Init.ZEROS, s.param("out.bias").init());
    }

    @Test
    void receptiveFieldsFollowTheStandardRecurrence() {
        NetworkSpec s = leNet5();
        // r: 5; +1*1 = 6 (jump 2); +4*2 = 14; +1*2 = 16 (jump 4); +4*4 = 32
        assertArrayEquals(new int[] {5, 5}, s.receptiveField(0));
        assertArrayEquals(new int[] {6, 6}, s.receptiveField(1));
        assertArrayEquals(new int[] {14, 14}, s.receptiveField(2));
        assertArrayEquals(new int[] {32, 32}, s.receptiveField(4));
        assertArrayEquals(new int[] {28, 28}, s.receptiveField(6));
    }

    @Test
    void dilatedStackedConvsWidenTheFieldByTheirExtent() {
        NetworkSpec s = NetworkSpec.builder("p.D", 1, 32, 32, Loss.MEAN_SQUARED_ERROR)
                .conv("a", 1, Window.symmetric(3, 3, 1, 1, 0, 0, 1, 1), false, PaddingMode.ZEROS, false, Activation.NONE, Init.DEFAULT)
                .conv("b", 1, Window.symmetric(3, 3, 1, 1, 0, 0, 2, 2), false, PaddingMode.ZEROS, false, Activation.NONE, Init.DEFAULT)
                .build();
        // 3, then + (5-1)*1 = 7
        assertArrayEquals(new int[] {7, 7}, s.receptiveField(1));
        // 32-2 = 30, 30-4 = 26
        assertEquals(Shape.of(1, 26, 26), s.output());
    }

    @Test
    void convSameMatchesAnExplicitAsymmetricWindow() {
        NetworkSpec s = NetworkSpec.builder("p.S", 3, 9, 12, Loss.MEAN_SQUARED_ERROR)
                .convSame("c", 5, 2, 2, 1, 1, 1, 1, PaddingMode.REPLICATE, true, Activation.NONE, Init.DEFAULT)
                .build();
        assertEquals(new Window(2, 2, 1, 1, 0, 1, 0, 1, 1, 1), s.layer("c", Conv2dOp.class).window());
        assertEquals(Shape.of(5, 9, 12), s.output());
        // 5*3*2*2 + 5
        assertEquals(65, s.parameterCount());
    }

    @Test
    void thirteenByThirteenNetworkCounts() {
        NetworkSpec s = NetworkSpec.builder("p.T", 1, 13, 13, Loss.SOFTMAX_CROSS_ENTROPY)
                .conv("conv", 3, Window.symmetric(4, 4, 1, 1, 0, 0, 1, 1), false, PaddingMode.ZEROS, false, Activation.RELU, Init.DEFAULT)
                .avgPool("pool", Window.symmetric(2, 2, 2, 2, 0, 0, 1, 1))
                .flatten("flat")
                .dense("out", 4, false, Activation.NONE, Init.DEFAULT)
                .build();
        assertEquals(348, s.parameterCount());
        assertEquals(5_175, s.multiplies());
    }
}
