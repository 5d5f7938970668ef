package dev.kiln.reference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kiln.dsl.Activation;
import dev.kiln.dsl.Init;
import dev.kiln.dsl.Loss;
import dev.kiln.dsl.PaddingMode;
import dev.kiln.spec.NetworkSpec;
import dev.kiln.spec.Window;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * Rung 3 for issue 23's kinds and options: the reference against values worked out by hand, or printed by
 * PyTorch 2.13 where a hand value would be a long decimal (the activations; the script is in the comments).
 */
class ReferenceZooGoldenTest {
    private static final double TOL = 1e-12;

    private static double[] last(double[][] outputs) {
        return outputs[outputs.length - 1];
    }

    private static double[] range(int from, int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = from + i;
        }
        return v;
    }

    /**
     * {@code y = f(x)} and {@code f'(x)} from PyTorch 2.13 in float64:
     * {@code x = torch.tensor([...], dtype=torch.float64, requires_grad=True); y = F.hardswish(x);
     * torch.autograd.grad(y.sum(), x)}, and so on for each function. The kinks follow PyTorch's backward:
     * hard swish's slope is 0 at -3 and 1 at 3, relu6's and hard sigmoid's are 0 at their corners.
     */
    @ParameterizedTest(name = "{0}({1}) = {2}, slope {3}")
    @CsvSource({
        "HARD_SWISH, -4, 0, 0", "HARD_SWISH, -3, 0, 0", "HARD_SWISH, -1, -0.3333333333333333, 0.16666666666666669",
        "HARD_SWISH, 0, 0, 0.5", "HARD_SWISH, 1, 0.6666666666666666, 0.8333333333333333", "HARD_SWISH, 3, 3, 1",
        "HARD_SWISH, 4, 4, 1", "HARD_SWISH, -2.9999, -4.999833333344e-05, -0.49996666666666656",
        "HARD_SIGMOID, -3, 0, 0", "HARD_SIGMOID, -1, 0.3333333333333333, 0.16666666666666666",
        "HARD_SIGMOID, 0, 0.5, 0.16666666666666666", "HARD_SIGMOID, 3, 1, 0", "HARD_SIGMOID, 4, 1, 0",
        "RELU6, -1, 0, 0", "RELU6, 0, 0, 0", "RELU6, 1, 1, 1", "RELU6, 6, 6, 0", "RELU6, 7, 6, 0",
        "SILU, -4, -0.07194483984836623, -0.05266461489107291", "SILU, -1, -0.2689414213699951, 0.07232948812851325",
        "SILU, 0, 0, 0.5", "SILU, 1, 0.7310585786300049, 0.9276705118714869",
        "SILU, 6, 5.985164261060192, 1.0123264325915249",
        "GELU, -4, -0.00012668496733248, -0.0005036496612264215", "GELU, -3, -0.00404969409489031, -0.01194564720418392",
        "GELU, -1, -0.15865525393145702, -0.08331547058768635", "GELU, 0, 0, 0.5",
        "GELU, 1, 0.841344746068543, 1.0833154705876864", "GELU, 3, 2.99595030590511, 1.011945647204184",
        "GELU, 6, 5.999999994080474, 1.0000000354687093"})
    void activationsAndSlopesAsPyTorch(Activation a, double x, double y, double slope) {
        double value = ReferenceActivations.apply(a, x);
        assertEquals(y, value, 1e-15 + 1e-14 * Math.abs(y), a + "(" + x + ")");
        assertEquals(slope, ReferenceActivations.derivative(a, x, value), 1e-15 + 1e-14 * Math.abs(slope), a + "'(" + x + ")");
    }

    @Test
    void normalDistributionAtKnownPoints() {
        // Phi(1), Phi(2), Phi(-3): tables (and scipy.stats.norm.cdf) give these to 16 digits
        assertEquals(0.8413447460685429, ReferenceActivations.normalCdf(1), 1e-15);
        assertEquals(0.9772498680518208, ReferenceActivations.normalCdf(2), 1e-15);
        // below 0 the series' sum cancels against 1/2: absolutely, not relatively, exact to double rounding
        assertEquals(0.0013498980316300946, ReferenceActivations.normalCdf(-3), 1e-15);
        assertEquals(0.5, ReferenceActivations.normalCdf(0), 0);
    }

    /**
     * Ceil mode (PyTorch's ceil_mode, the sizes F.max_pool2d gives): a 6x6 input under 3x3 stride 2 gives 2
     * (floor) or 3 (ceil, the last window [4, 7) reads rows 4 and 5); 5x5 under 2x2 stride 2 padding 1 gives
     * 3 both ways, because a fourth ceil window would start at row 5, in the right padding; 6x6 under 3x3
     * stride 2 padding 1 gives 3 or 4 (the fourth starts at row 5, inside).
     */
    @ParameterizedTest(name = "{0}x{0}, window {1} stride {2} padding {3}: floor {4}, ceil {5}")
    @CsvSource({"6, 3, 2, 0, 2, 3", "5, 2, 2, 0, 2, 3", "5, 2, 2, 1, 3, 3", "6, 3, 2, 1, 3, 4", "112, 3, 2, 0, 55, 56",
        "4, 3, 2, 1, 2, 3", "2, 3, 3, 1, 1, 1"})
    void ceilModeOutputSizes(int n, int k, int s, int p, int floor, int ceil) {
        Window w = Window.symmetric(k, k, s, s, p, p, 1, 1);
        assertEquals(floor, w.outputHeight(n, false));
        assertEquals(ceil, w.outputHeight(n, true));
        NetworkSpec spec = SpecBuilder.of("golden.Ceil", 1, n, n, Loss.MEAN_SQUARED_ERROR).maxPool("p", w, true).build();
        assertEquals(ceil * ceil, last(new ReferenceNetwork(spec).forward(new double[0], new double[n * n], 1, false, 0)).length);
    }

    private static double[] avg(int n, Window w, boolean ceil, boolean countIncludePad, double[] x) {
        NetworkSpec spec = SpecBuilder.of("golden.Avg", 1, n, n, Loss.MEAN_SQUARED_ERROR)
                .avgPool("p", w, ceil, countIncludePad).build();
        return last(new ReferenceNetwork(spec).forward(new double[0], x, 1, false, 0));
    }

    @Test
    void averagePoolingDivisors() {
        // 3x3 of 1..9, window 2x2 stride 2 padding 1: windows {1}, {2, 3}, {4, 7}, {5, 6, 8, 9}
        Window padded = Window.symmetric(2, 2, 2, 2, 1, 1, 1, 1);
        assertArrayEquals(new double[] {1, 2.5, 5.5, 7}, avg(3, padded, false, false, range(1, 9)), TOL);
        assertArrayEquals(new double[] {0.25, 1.25, 2.75, 7}, avg(3, padded, false, true, range(1, 9)), TOL);
        // ceil mode, no padding: the last windows hang past the input and divide by what they cover either way
        Window plain = Window.symmetric(2, 2, 2, 2, 0, 0, 1, 1);
        assertArrayEquals(new double[] {3, 4.5, 7.5, 9}, avg(3, plain, true, true, range(1, 9)), TOL);
        assertArrayEquals(new double[] {3, 4.5, 7.5, 9}, avg(3, plain, true, false, range(1, 9)), TOL);
        // 4x4 of 1..16, 3x3 stride 2 padding 1, ceil: 3x3 outputs. Counting the padding, the windows are clipped
        // to [-1, 5): the corner (0, 0) sums 1 + 2 + 5 + 6 = 14 over 9; (0, 2) covers rows [-1, 2), columns [3, 5):
        // 4 + 8 = 12 over 6; (2, 2) covers [3, 5) x [3, 5): 16 over 4. Without the padding: 14 / 4, 12 / 2, 16 / 1.
        Window w = Window.symmetric(3, 3, 2, 2, 1, 1, 1, 1);
        double[] counted = avg(4, w, true, true, range(1, 16));
        double[] excluded = avg(4, w, true, false, range(1, 16));
        assertEquals(14.0 / 9, counted[0], TOL);
        assertEquals(2, counted[2], TOL);
        assertEquals(4, counted[8], TOL);
        assertArrayEquals(new double[] {3.5, 5, 6, 9.5, 11, 12, 13.5, 15, 16}, excluded, TOL);
    }

    /** Two channels, two filters, groups 2: each filter sees only its own channel. */
    @Test
    void groupedConvolutionSeesOnlyItsGroup() {
        NetworkSpec spec = SpecBuilder.of("golden.Grouped", 2, 2, 2, Loss.MEAN_SQUARED_ERROR)
                .conv("c", 2, Window.symmetric(2, 2, 1, 1, 0, 0, 1, 1), false, PaddingMode.ZEROS, true, Activation.NONE,
                        Init.DEFAULT, 2)
                .build();
        // weights (2, 1, 2, 2): filter 0 = [1, 2, 3, 4], filter 1 = [0, 1, 0, -1]; biases 10, 20
        double[] params = {1, 2, 3, 4, 0, 1, 0, -1, 10, 20};
        // channel 0 = [1, 1, 1, 1], channel 1 = [5, 6, 7, 8]
        double[] x = {1, 1, 1, 1, 5, 6, 7, 8};
        // filter 0: 1 + 2 + 3 + 4 + 10 = 20; filter 1: 6 - 8 + 20 = 18
        assertArrayEquals(new double[] {20, 18}, last(new ReferenceNetwork(spec).forward(params, x, 1, false, 0)), TOL);
        assertEquals(10, spec.parameterCount()); // 2 x 1 x 2 x 2 weights, 2 biases
    }

    /** A (C, 1, 1) gate times a (C, 2, 2) image, and its gradient summed over each plane. */
    @Test
    void multiplyBroadcastsAPerChannelGate() {
        NetworkSpec spec = SpecBuilder.of("golden.Se", 2, 2, 2, Loss.MEAN_SQUARED_ERROR)
                .avgPool("gate", Window.symmetric(2, 2, 1, 1, 0, 0, 1, 1))
                .from("input", "gate").multiply("se")
                .build();
        double[] x = {1, 2, 3, 4, 0, 0, 4, 4};
        // gates: means 2.5 and 2; outputs each channel times its mean
        ReferenceNetwork.Gradients g = new ReferenceNetwork(spec).gradients(new double[0], x, 1, null, new double[8], false, 0);
        assertArrayEquals(new double[] {2.5, 5, 7.5, 10, 0, 0, 8, 8}, last(g.outputs()), TOL);
        // MSE against zeros: dL/dy = 2y/8 = y/4. dL/dx directly = y/4 * gate; through the gate = sum(y/4 * x) / 4 for
        // every pixel of the channel. Channel 0: sum(y x)/4 = (2.5 + 10 + 22.5 + 40)/4 = 18.75, / 4 = 4.6875;
        // channel 1: (32 + 32)/4 = 16, / 4 = 4.
        double[] expected = {
            2.5 / 4 * 2.5 + 4.6875, 5 / 4.0 * 2.5 + 4.6875, 7.5 / 4 * 2.5 + 4.6875, 10 / 4.0 * 2.5 + 4.6875,
            0 + 4, 0 + 4, 8 / 4.0 * 2 + 4, 8 / 4.0 * 2 + 4};
        assertArrayEquals(expected, g.input(), TOL);
    }

    /** Six channels shuffled in 2 groups give channels 0, 3, 1, 4, 2, 5; in 3 groups 0, 2, 4, 1, 3, 5 (PyTorch's order). */
    @Test
    void channelShuffleOrderAsPyTorch() {
        double[] x = range(0, 6);
        for (int[] g : new int[][] {{2, 0, 3, 1, 4, 2, 5}, {3, 0, 2, 4, 1, 3, 5}}) {
            NetworkSpec spec = SpecBuilder.of("golden.Shuffle", 6, 1, 1, Loss.MEAN_SQUARED_ERROR).channelShuffle("s", g[0]).build();
            double[] expected = new double[6];
            for (int j = 0; j < 6; j++) {
                expected[j] = g[j + 1];
            }
            assertArrayEquals(expected, last(new ReferenceNetwork(spec).forward(new double[0], x, 1, false, 0)), TOL);
        }
    }

    @Test
    void sliceTakesChannelsAndGivesBackTheirGradient() {
        NetworkSpec spec = SpecBuilder.of("golden.Slice", 3, 1, 2, Loss.MEAN_SQUARED_ERROR).slice("s", 1, 3).build();
        ReferenceNetwork.Gradients g = new ReferenceNetwork(spec).gradients(new double[0], range(1, 6), 1, null, new double[4],
                false, 0);
        assertArrayEquals(new double[] {3, 4, 5, 6}, last(g.outputs()), TOL);
        // dL/dy = 2y/4 into channels 1 and 2, zero for channel 0
        assertArrayEquals(new double[] {0, 0, 1.5, 2, 2.5, 3}, g.input(), TOL);
    }
}
