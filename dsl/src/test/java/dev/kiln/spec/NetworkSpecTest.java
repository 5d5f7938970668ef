package dev.kiln.spec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kiln.dsl.Activation;
import dev.kiln.dsl.Init;
import dev.kiln.dsl.Loss;
import dev.kiln.dsl.PaddingMode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Counts, parameter layout and receptive fields of hand-built specs against hand calculations. */
class NetworkSpecTest {

    private static NetworkSpec leNet5() {
        Shape in = Shape.of(1, 28, 28);
        Conv2dOp c1 = conv("c1", "input", in, 6, Window.symmetric(5, 5, 1, 1, 2, 2, 1, 1), Activation.RELU);
        MaxPool2dOp s2 = new MaxPool2dOp("s2", "c1", c1.output(), Window.symmetric(2, 2, 2, 2, 0, 0, 1, 1));
        Conv2dOp c3 = conv("c3", "s2", s2.output(), 16, Window.symmetric(5, 5, 1, 1, 0, 0, 1, 1), Activation.RELU);
        MaxPool2dOp s4 = new MaxPool2dOp("s4", "c3", c3.output(), Window.symmetric(2, 2, 2, 2, 0, 0, 1, 1));
        Conv2dOp c5 = conv("c5", "s4", s4.output(), 120, Window.symmetric(5, 5, 1, 1, 0, 0, 1, 1), Activation.RELU);
        FlattenOp flat = new FlattenOp("flat", "c5", c5.output());
        DenseOp f6 = new DenseOp("f6", "flat", flat.output(), 84, true, Activation.RELU, Init.DEFAULT);
        DenseOp out = new DenseOp("out", "f6", f6.output(), 10, true, Activation.NONE, Init.DEFAULT);
        return new NetworkSpec("p.LeNet5", in, Loss.SOFTMAX_CROSS_ENTROPY, List.of(c1, s2, c3, s4, c5, flat, f6, out));
    }

    /** A conv with a bias and zero padding, as most tests want. */
    static Conv2dOp conv(String name, String from, Shape in, int filters, Window window, Activation activation) {
        return new Conv2dOp(name, from, in, filters, window, false, PaddingMode.ZEROS, true, activation, Init.DEFAULT);
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
    void receptiveFieldsFollowTheStandardRecurrenceClippedToTheInput() {
        NetworkSpec s = leNet5();
        // r: 5; +1*1 = 6 (jump 2); +4*2 = 14; +1*2 = 16 (jump 4); +4*4 = 32, clipped to the 28x28 input;
        // flat: c5's one position spans 32 + (1-1)*4 = 32, clipped to 28; the dense layers keep it
        int[][] expected = {{5, 5}, {6, 6}, {14, 14}, {16, 16}, {28, 28}, {28, 28}, {28, 28}, {28, 28}};
        for (int i = 0; i < expected.length; i++) {
            assertArrayEquals(expected[i], s.receptiveField(i), s.layers().get(i).name());
        }
    }

    /** A flatten sees the span of all its input's positions, which is less than the input when a pooling drops a row. */
    @Test
    void aFlattenSeesTheSpanOfItsInputNotTheWholeImage() {
        Shape in = Shape.of(1, 29, 29);
        Conv2dOp c = conv("c", "input", in, 2, Window.symmetric(3, 3, 1, 1, 0, 0, 1, 1), Activation.RELU);
        MaxPool2dOp p = new MaxPool2dOp("p", "c", c.output(), Window.symmetric(2, 2, 2, 2, 0, 0, 1, 1));
        FlattenOp flat = new FlattenOp("flat", "p", p.output());
        DenseOp out = new DenseOp("out", "flat", flat.output(), 3, true, Activation.NONE, Init.DEFAULT);
        NetworkSpec s = new NetworkSpec("p.Odd", in, Loss.SOFTMAX_CROSS_ENTROPY, List.of(c, p, flat, out));
        // c: 27x27, r 3, jump 1; p: 13x13, r 3 + 1*1 = 4, jump 2 (row 26 of c, so input row 28, is never read);
        // flat: 4 + (13 - 1) * 2 = 28, one less than the input; out keeps it
        assertEquals(Shape.of(2, 13, 13), s.layers().get(1).output());
        assertArrayEquals(new int[] {4, 4}, s.receptiveField(1));
        assertArrayEquals(new int[] {28, 28}, s.receptiveField(2));
        assertArrayEquals(new int[] {28, 28}, s.receptiveField(3));
    }

    /** Branches merge by the largest field (and jump) over the inputs; global pooling spans its input's positions. */
    @Test
    void aBranchingNetTakesTheLargestFieldOverItsInputs() {
        Window k3 = Window.symmetric(3, 3, 1, 1, 1, 1, 1, 1);
        Shape in = Shape.of(1, 40, 40);
        Conv2dOp a = conv("a", "input", in, 4, k3, Activation.RELU);
        Conv2dOp b = conv("b", "input", in, 4, Window.symmetric(5, 5, 1, 1, 2, 2, 1, 1), Activation.RELU);
        AddOp ab = new AddOp("ab", List.of("a", "b"), a.output(), Activation.NONE);
        MaxPool2dOp p = new MaxPool2dOp("p", "ab", ab.output(), Window.symmetric(2, 2, 2, 2, 0, 0, 1, 1));
        Conv2dOp d = conv("d", "p", p.output(), 4, Window.symmetric(1, 1, 2, 2, 0, 0, 1, 1), Activation.NONE);
        Conv2dOp c = conv("c", "p", p.output(), 4, k3, Activation.RELU);
        MaxPool2dOp e = new MaxPool2dOp("e", "c", c.output(), Window.symmetric(2, 2, 2, 2, 0, 0, 1, 1));
        ConcatOp cat = new ConcatOp("cat", List.of("d", "e"), List.of(d.output(), e.output()));
        Conv2dOp f = conv("f", "cat", cat.output(), 4, Window.symmetric(3, 3, 1, 1, 0, 0, 1, 1), Activation.RELU);
        GlobalAvgPool2dOp gap = new GlobalAvgPool2dOp("gap", "f", f.output());
        DenseOp out = new DenseOp("out", "gap", gap.output(), 2, true, Activation.NONE, Init.DEFAULT);
        NetworkSpec s = new NetworkSpec("p.Branches", in, Loss.SOFTMAX_CROSS_ENTROPY, List.of(a, b, ab, p, d, c, e, cat, f, gap, out));
        // a: 3 (jump 1); b: 5; ab: max(3, 5) = 5; p: 5 + 1 = 6, jump 2 (20x20);
        // d: 1x1 stride 2 adds nothing: 6, jump 4 (10x10); c: 6 + 2*2 = 10, jump 2; e: 10 + 1*2 = 12, jump 4 (10x10);
        // cat: max(6, 12) = 12, jump 4; f: 12 + 2*4 = 20, jump 4 (8x8); gap: 20 + (8 - 1) * 4 = 48, clipped to 40
        int[] expected = {3, 5, 5, 6, 6, 10, 12, 12, 20, 40, 40};
        assertEquals(expected.length, s.layers().size());
        assertEquals(Shape.of(4, 8, 8), s.layers().get(8).output());
        for (int i = 0; i < expected.length; i++) {
            assertArrayEquals(new int[] {expected[i], expected[i]}, s.receptiveField(i), s.layers().get(i).name());
        }
    }

    @Test
    void dilatedStackedConvsWidenTheFieldByTheirExtent() {
        Shape in = Shape.of(1, 32, 32);
        Conv2dOp a = new Conv2dOp("a", "input", in, 1, Window.symmetric(3, 3, 1, 1, 0, 0, 1, 1), false, PaddingMode.ZEROS, false,
                Activation.NONE, Init.DEFAULT);
        Conv2dOp b = new Conv2dOp("b", "a", a.output(), 1, Window.symmetric(3, 3, 1, 1, 0, 0, 2, 2), false, PaddingMode.ZEROS, false,
                Activation.NONE, Init.DEFAULT);
        NetworkSpec s = new NetworkSpec("p.D", in, Loss.MEAN_SQUARED_ERROR, List.of(a, b));
        // 3, then + (5-1)*1 = 7
        assertArrayEquals(new int[] {7, 7}, s.receptiveField(1));
        // 32-2 = 30, 30-4 = 26
        assertEquals(Shape.of(1, 26, 26), s.output());
    }

    @Test
    void convSameMatchesAnExplicitAsymmetricWindow() {
        Shape in = Shape.of(3, 9, 12);
        Conv2dOp c = new Conv2dOp("c", "input", in, 5, Window.same(9, 12, 2, 2, 1, 1, 1, 1), true, PaddingMode.REPLICATE, true,
                Activation.NONE, Init.DEFAULT);
        NetworkSpec s = new NetworkSpec("p.S", in, Loss.MEAN_SQUARED_ERROR, List.of(c));
        assertEquals(new Window(2, 2, 1, 1, 0, 1, 0, 1, 1, 1), s.layer("c", Conv2dOp.class).window());
        assertEquals(Shape.of(5, 9, 12), s.output());
        // 5*3*2*2 + 5
        assertEquals(65, s.parameterCount());
    }

    @Test
    void thirteenByThirteenNetworkCounts() {
        Shape in = Shape.of(1, 13, 13);
        Conv2dOp conv = new Conv2dOp("conv", "input", in, 3, Window.symmetric(4, 4, 1, 1, 0, 0, 1, 1), false, PaddingMode.ZEROS,
                false, Activation.RELU, Init.DEFAULT);
        AvgPool2dOp pool = new AvgPool2dOp("pool", "conv", conv.output(), Window.symmetric(2, 2, 2, 2, 0, 0, 1, 1));
        FlattenOp flat = new FlattenOp("flat", "pool", pool.output());
        DenseOp out = new DenseOp("out", "flat", flat.output(), 4, false, Activation.NONE, Init.DEFAULT);
        NetworkSpec s = new NetworkSpec("p.T", in, Loss.SOFTMAX_CROSS_ENTROPY, List.of(conv, pool, flat, out));
        assertEquals(348, s.parameterCount());
        assertEquals(5_175, s.multiplies());
    }
}
