package dev.kiln.reference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.dsl.Activation;
import dev.kiln.dsl.Init;
import dev.kiln.dsl.Loss;
import dev.kiln.dsl.PaddingMode;
import dev.kiln.spec.NetworkSpec;
import dev.kiln.spec.Window;
import org.junit.jupiter.api.Test;

/**
 * Rung 3 of the verification ladder: the reference against values worked out by hand (the
 * course material's examples and small cases derived in the comments).
 */
class ReferenceGoldenTest {
    private static final double TOL = 1e-12;

    private static Window window(int kh, int kw, int stride, int pad) {
        return Window.symmetric(kh, kw, stride, stride, pad, pad, 1, 1);
    }

    /** One conv of one filter over a one-channel image, MSE so that any target works. */
    private static NetworkSpec oneConv(int h, int w, Window window, PaddingMode mode, boolean bias, Activation a) {
        return SpecBuilder.of("golden.Conv", 1, h, w, Loss.MEAN_SQUARED_ERROR)
                .conv("c", 1, window, false, mode, bias, a, Init.DEFAULT)
                .build();
    }

    private static double[] last(double[][] outputs) {
        return outputs[outputs.length - 1];
    }

    private static double[] range(int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = i;
        }
        return v;
    }

    @Test
    void threeByThreeInputWithTwoByTwoKernel() {
        // input [[0,1,2],[3,4,5],[6,7,8]], kernel [[0,1],[2,3]]:
        // 0*0 + 1*1 + 3*2 + 4*3 = 19, 1*0 + 2*1 + 4*2 + 5*3 = 25, 3*0 + 4*1 + 6*2 + 7*3 = 37, 4*0 + 5*1 + 7*2 + 8*3 = 43
        ReferenceNetwork net = new ReferenceNetwork(oneConv(3, 3, window(2, 2, 1, 0), PaddingMode.ZEROS, false,
                Activation.NONE));
        double[] out = last(net.forward(range(4), range(9), 1, false, 0));
        assertArrayEquals(new double[] {19, 25, 37, 43}, out, TOL);
    }

    @Test
    void binaryImageWithCrossKernel() {
        double[] image = {
            1, 1, 1, 0, 0,
            0, 1, 1, 1, 0,
            0, 0, 1, 1, 1,
            0, 0, 1, 1, 0,
            0, 1, 1, 0, 0};
        double[] kernel = {
            1, 0, 1,
            0, 1, 0,
            1, 0, 1};
        ReferenceNetwork net = new ReferenceNetwork(oneConv(5, 5, window(3, 3, 1, 0), PaddingMode.ZEROS, false,
                Activation.NONE));
        double[] out = last(net.forward(kernel, image, 1, false, 0));
        assertEquals(4, out[0], TOL);
        assertArrayEquals(new double[] {4, 3, 4, 2, 4, 3, 2, 3, 4}, out, TOL);
    }

    @Test
    void reluOfFeatureMapZeroesTheNegatives() {
        // a 1x1 kernel of weight 1 and bias -1 maps x to x - 1; ReLU keeps the positives and zeroes the rest
        double[] input = {3, -1, 0, -2, 5, -4, 1, 0.5, -6};
        double[] params = {1, -1};
        ReferenceNetwork relu = new ReferenceNetwork(oneConv(3, 3, window(1, 1, 1, 0), PaddingMode.ZEROS, true,
                Activation.RELU));
        assertArrayEquals(new double[] {2, 0, 0, 0, 4, 0, 0, 0, 0}, last(relu.forward(params, input, 1, false, 0)), TOL);
        ReferenceNetwork leaky = new ReferenceNetwork(oneConv(3, 3, window(1, 1, 1, 0), PaddingMode.ZEROS, true,
                Activation.LEAKY_RELU));
        assertArrayEquals(new double[] {2, -0.02, -0.01, -0.03, 4, -0.05, 0, -0.005, -0.07},
                last(leaky.forward(params, input, 1, false, 0)), TOL);
    }

    /**
     * A 1x2 kernel {@code w = [1, 2]} with bias {@code b = 0} over {@code x = [[1,2,3],[4,5,6]]}:
     * {@code y[i][j] = w0 x[i][j] + w1 x[i][j+1] + b = [[5, 8], [14, 17]]}. With targets
     * {@code t = [[4, 8], [12, 16]]} the error is {@code e = [[1, 0], [2, 1]]} and the MSE
     * {@code (1 + 0 + 4 + 1) / 4 = 1.5}; {@code dL/dy = 2e / 4 = [[0.5, 0], [1, 0.5]]}.
     * <ul>
     *   <li>{@code dL/dw0 = sum dy[i][j] x[i][j] = 0.5*1 + 0*2 + 1*4 + 0.5*5 = 7}</li>
     *   <li>{@code dL/dw1 = sum dy[i][j] x[i][j+1] = 0.5*2 + 0*3 + 1*5 + 0.5*6 = 9}</li>
     *   <li>{@code dL/db = sum dy = 2}</li>
     *   <li>{@code dL/dx[i][k] = dy[i][k] w0 (k <= 1) + dy[i][k-1] w1 (k >= 1)}:
     *       row 0: {@code 0.5, 0.5*2 + 0*1 = 1, 0*2 = 0}; row 1: {@code 1, 1*2 + 0.5*1 = 2.5, 0.5*2 = 1}</li>
     * </ul>
     */
    @Test
    void gradientOfOneByTwoKernelMatchesHandDerivation() {
        ReferenceNetwork net = new ReferenceNetwork(oneConv(2, 3, window(1, 2, 1, 0), PaddingMode.ZEROS, true,
                Activation.NONE));
        double[] x = {1, 2, 3, 4, 5, 6};
        ReferenceNetwork.Gradients g = net.gradients(new double[] {1, 2, 0}, x, 1, null, new double[] {4, 8, 12, 16},
                false, 0);
        assertArrayEquals(new double[] {5, 8, 14, 17}, last(g.outputs()), TOL);
        assertEquals(1.5, g.loss(), TOL);
        assertArrayEquals(new double[] {7, 9, 2}, g.params(), TOL);
        assertArrayEquals(new double[] {0.5, 1, 0, 1, 2.5, 1}, g.input(), TOL);
    }

    @Test
    void replicatePaddingReadsTheEdge() {
        // [[1,2],[3,4]] padded by 1 with replicate is [[1,1,2,2],[1,1,2,2],[3,3,4,4],[3,3,4,4]];
        // a 3x3 kernel of ones sums each 3x3 window: 18, 21, 24, 27. With zeros every window sums 1+2+3+4 = 10.
        double[] ones = {1, 1, 1, 1, 1, 1, 1, 1, 1};
        double[] x = {1, 2, 3, 4};
        ReferenceNetwork replicate = new ReferenceNetwork(oneConv(2, 2, window(3, 3, 1, 1), PaddingMode.REPLICATE,
                false, Activation.NONE));
        assertArrayEquals(new double[] {18, 21, 24, 27}, last(replicate.forward(ones, x, 1, false, 0)), TOL);
        ReferenceNetwork zeros = new ReferenceNetwork(oneConv(2, 2, window(3, 3, 1, 1), PaddingMode.ZEROS, false,
                Activation.NONE));
        assertArrayEquals(new double[] {10, 10, 10, 10}, last(zeros.forward(ones, x, 1, false, 0)), TOL);
    }

    @Test
    void replicatePaddingRoutesGradientToTheEdge() {
        // 1x1 input [[5]], 3x3 kernel of ones, padding 1 replicate: all nine reads are the pixel, so y = 9 * 5 = 45
        // and dy/dx = 9; with MSE against 0, dL/dy = 2 * 45 = 90 and dL/dx = 810.
        ReferenceNetwork net = new ReferenceNetwork(oneConv(1, 1, window(3, 3, 1, 1), PaddingMode.REPLICATE, false,
                Activation.NONE));
        ReferenceNetwork.Gradients g = net.gradients(new double[] {1, 1, 1, 1, 1, 1, 1, 1, 1}, new double[] {5}, 1,
                null, new double[] {0}, false, 0);
        assertEquals(45, last(g.outputs())[0], TOL);
        assertEquals(810, g.input()[0], TOL);
    }

    @Test
    void sameWithEvenKernelPadsBottomAndRight() {
        // 3x3 input 0..8, 2x2 kernel of ones, same: one row/column of padding, all of it at the bottom/right,
        // so y[i][j] = x[i][j] + x[i][j+1] + x[i+1][j] + x[i+1][j+1] with zeros beyond the edge.
        NetworkSpec spec = SpecBuilder.of("golden.Same", 1, 3, 3, Loss.MEAN_SQUARED_ERROR)
                .convSame("c", 1, 2, 2, 1, 1, 1, 1, PaddingMode.ZEROS, false, Activation.NONE, Init.DEFAULT)
                .build();
        double[] out = last(new ReferenceNetwork(spec).forward(new double[] {1, 1, 1, 1}, range(9), 1, false, 0));
        assertArrayEquals(new double[] {8, 12, 7, 20, 24, 13, 13, 15, 8}, out, TOL);
    }

    @Test
    void strideAndDilation() {
        // stride 2 with a 1x1 kernel of weight 1 picks x[0][0], x[0][2], x[2][0], x[2][2] of 0..8
        ReferenceNetwork strided = new ReferenceNetwork(oneConv(3, 3, window(1, 1, 2, 0), PaddingMode.ZEROS, false,
                Activation.NONE));
        assertArrayEquals(new double[] {0, 2, 6, 8}, last(strided.forward(new double[] {1}, range(9), 1, false, 0)), TOL);
        // dilation 2 spreads the 2x2 kernel [[0,1],[2,3]] over the corners: 0*0 + 1*2 + 2*6 + 3*8 = 38
        ReferenceNetwork dilated = new ReferenceNetwork(oneConv(3, 3, Window.symmetric(2, 2, 1, 1, 0, 0, 2, 2),
                PaddingMode.ZEROS, false, Activation.NONE));
        assertArrayEquals(new double[] {38}, last(dilated.forward(range(4), range(9), 1, false, 0)), TOL);
    }

    @Test
    void convWithTwoChannelsAndTwoFilters() {
        // input channels [[1,2],[3,4]] and [[5,6],[7,8]], 2x2 kernels: filter 0 all ones on channel 0 and
        // zeros on channel 1 -> 10 (+ bias 1 = 11); filter 1 zeros on channel 0, all -1 on channel 1 -> -26 (+ bias 0.5)
        NetworkSpec spec = SpecBuilder.of("golden.Channels", 2, 2, 2, Loss.MEAN_SQUARED_ERROR)
                .conv("c", 2, window(2, 2, 1, 0), false, PaddingMode.ZEROS, true, Activation.NONE, Init.DEFAULT)
                .build();
        double[] params = {1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, -1, -1, -1, -1, 1, 0.5};
        double[] out = last(new ReferenceNetwork(spec).forward(params, new double[] {1, 2, 3, 4, 5, 6, 7, 8}, 1, false, 0));
        assertArrayEquals(new double[] {11, -25.5}, out, TOL);
    }

    private static final double[] POOL_INPUT = {
        1, 3, 2, 4,
        5, 6, 1, 2,
        7, 2, 9, 9,
        0, 1, 3, 8};

    private static NetworkSpec pool(boolean max, int h, int w, Window window) {
        SpecBuilder b = SpecBuilder.of("golden.Pool", 1, h, w, Loss.MEAN_SQUARED_ERROR);
        return (max ? b.maxPool("p", window) : b.avgPool("p", window)).build();
    }

    @Test
    void maxPoolHandExample() {
        ReferenceNetwork net = new ReferenceNetwork(pool(true, 4, 4, window(2, 2, 2, 0)));
        // windows {1,3,5,6} {2,4,1,2} {7,2,0,1} {9,9,3,8}
        ReferenceNetwork.Gradients g = net.gradients(new double[0], POOL_INPUT, 1, null, new double[4], false, 0);
        assertArrayEquals(new double[] {6, 4, 7, 9}, last(g.outputs()), TOL);
        // MSE against zeros: dL/dy = 2y/4 = [3, 2, 3.5, 4.5], each to its window's maximum; the tied 9s send it
        // to the first one in row-major order, (2, 2), none to (2, 3)
        double[] expected = new double[16];
        expected[5] = 3;
        expected[3] = 2;
        expected[8] = 3.5;
        expected[10] = 4.5;
        assertArrayEquals(expected, g.input(), TOL);
    }

    @Test
    void avgPoolHandExample() {
        ReferenceNetwork net = new ReferenceNetwork(pool(false, 4, 4, window(2, 2, 2, 0)));
        // (1+3+5+6)/4, (2+4+1+2)/4, (7+2+0+1)/4, (9+9+3+8)/4
        ReferenceNetwork.Gradients g = net.gradients(new double[0], POOL_INPUT, 1, null, new double[4], false, 0);
        assertArrayEquals(new double[] {3.75, 2.25, 2.5, 7.25}, last(g.outputs()), TOL);
        // dL/dy = 2y/4 = [1.875, 1.125, 1.25, 3.625], a quarter of each to every pixel of its window
        double q0 = 1.875 / 4, q1 = 1.125 / 4, q2 = 1.25 / 4, q3 = 3.625 / 4;
        assertArrayEquals(new double[] {q0, q0, q1, q1, q0, q0, q1, q1, q2, q2, q3, q3, q2, q2, q3, q3}, g.input(), TOL);
    }

    @Test
    void paddedPoolsTreatPaddingAsMinusInfinityAndAsZero() {
        // 3x3 of -1..-9, window 2x2 stride 2 padding 1: windows {-1}, {-2,-3}, {-4,-7}, {-5,-6,-8,-9} plus padding
        double[] x = {-1, -2, -3, -4, -5, -6, -7, -8, -9};
        Window w = window(2, 2, 2, 1);
        ReferenceNetwork max = new ReferenceNetwork(pool(true, 3, 3, w));
        assertArrayEquals(new double[] {-1, -2, -4, -5}, last(max.forward(new double[0], x, 1, false, 0)), TOL);
        // count_include_pad: always divided by 4
        ReferenceNetwork avg = new ReferenceNetwork(pool(false, 3, 3, w));
        assertArrayEquals(new double[] {-0.25, -1.25, -2.75, -7}, last(avg.forward(new double[0], x, 1, false, 0)), TOL);
    }

    @Test
    void maxPoolPropagatesNaN() {
        ReferenceNetwork net = new ReferenceNetwork(pool(true, 2, 2, window(2, 2, 2, 0)));
        double[] out = last(net.forward(new double[0], new double[] {1, Double.NaN, 5, 2}, 1, false, 0));
        assertTrue(Double.isNaN(out[0]));
    }

    @Test
    void poolWindowInsidePaddingIsRejectedByTheOp() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ReferenceNetwork(pool(true, 2, 2, window(2, 2, 1, 2))));
        assertTrue(e.getMessage().startsWith("p: the pooling window of output row 0 lies entirely in the padding"), e.getMessage());
    }

    @Test
    void denseHandExample() {
        // weight [[1, 2], [3, 4]], bias [1, -1], x = [1, 1]: [1 + 2 + 1, 3 + 4 - 1]
        NetworkSpec spec = SpecBuilder.of("golden.Dense", 2, 1, 1, Loss.MEAN_SQUARED_ERROR)
                .flatten("f")
                .dense("d", 2, true, Activation.NONE, Init.DEFAULT)
                .build();
        double[] out = last(new ReferenceNetwork(spec).forward(new double[] {1, 2, 3, 4, 1, -1}, new double[] {1, 1}, 1,
                false, 0));
        assertArrayEquals(new double[] {4, 6}, out, TOL);
    }

    @Test
    void lossesHandValues() {
        // zero weights give logits [0, 0]: cross-entropy ln 2 with either last activation, and
        // gradient (softmax - onehot)/N = [0.5 - 1, 0.5] for label 0
        for (Activation a : new Activation[] {Activation.NONE, Activation.SOFTMAX}) {
            NetworkSpec ce = SpecBuilder.of("golden.Ce", 1, 1, 1, Loss.SOFTMAX_CROSS_ENTROPY)
                    .flatten("f").dense("d", 2, true, a, Init.DEFAULT).build();
            ReferenceNetwork net = new ReferenceNetwork(ce);
            ReferenceNetwork.Gradients g = net.gradients(new double[4], new double[] {1}, 1, new int[] {0}, null, false, 0);
            assertEquals(Math.log(2), g.loss(), TOL);
            assertEquals(Math.log(2), net.loss(last(g.outputs()), new int[] {0}, null, 1), TOL);
            assertArrayEquals(new double[] {-0.5, 0.5, -0.5, 0.5}, g.params(), TOL);
        }
        // logit 0 is probability 0.5: binary cross-entropy ln 2, gradient (0.5 - 1)/1 wrt the logit
        for (Activation a : new Activation[] {Activation.NONE, Activation.SIGMOID}) {
            NetworkSpec bce = SpecBuilder.of("golden.Bce", 1, 1, 1, Loss.BINARY_CROSS_ENTROPY)
                    .flatten("f").dense("d", 1, true, a, Init.DEFAULT).build();
            ReferenceNetwork net = new ReferenceNetwork(bce);
            ReferenceNetwork.Gradients g = net.gradients(new double[2], new double[] {3}, 1, null, new double[] {1},
                    false, 0);
            assertEquals(Math.log(2), g.loss(), TOL);
            assertArrayEquals(new double[] {-1.5, -0.5}, g.params(), TOL);
            // labels stand in for targets
            assertEquals(Math.log(2), net.loss(last(g.outputs()), new int[] {1}, null, 1), TOL);
        }
        // a logit of 800 with target 0 costs 800 (e^800 overflows; the logit form does not)
        NetworkSpec logit = SpecBuilder.of("golden.Logit", 1, 1, 1, Loss.BINARY_CROSS_ENTROPY)
                .flatten("f").dense("d", 1, true, Activation.SIGMOID, Init.DEFAULT).build();
        assertEquals(800, new ReferenceNetwork(logit).gradients(new double[] {800, 0}, new double[] {1}, 1, null,
                new double[] {0}, false, 0).loss(), 1e-9);
        // MSE of outputs [1, 3] against [0, 0] over 2 images of 1 element: (1 + 9) / 2
        NetworkSpec mse = SpecBuilder.of("golden.Mse", 1, 1, 1, Loss.MEAN_SQUARED_ERROR)
                .flatten("f").dense("d", 1, false, Activation.NONE, Init.DEFAULT).build();
        assertEquals(5, new ReferenceNetwork(mse).loss(new double[] {1, 3}, null, new double[] {0, 0}, 2), TOL);
    }

    @Test
    void badLabelsAndLossCombinationsAreRejected() {
        NetworkSpec ce = SpecBuilder.of("golden.Ce", 1, 1, 1, Loss.SOFTMAX_CROSS_ENTROPY)
                .flatten("f").dense("d", 3, true, Activation.NONE, Init.DEFAULT).build();
        ReferenceNetwork net = new ReferenceNetwork(ce);
        IllegalArgumentException label = assertThrows(IllegalArgumentException.class,
                () -> net.gradients(new double[6], new double[] {1}, 1, new int[] {3}, null, false, 0));
        assertTrue(label.getMessage().contains("label 3 of image 0"), label.getMessage());
        NetworkSpec tanhCe = SpecBuilder.of("golden.TanhCe", 1, 1, 1, Loss.SOFTMAX_CROSS_ENTROPY)
                .flatten("f").dense("d", 3, true, Activation.TANH, Init.DEFAULT).build();
        IllegalArgumentException combo = assertThrows(IllegalArgumentException.class, () -> new ReferenceNetwork(tanhCe));
        assertTrue(combo.getMessage().contains("TanhCe.d"), combo.getMessage());
    }
}
