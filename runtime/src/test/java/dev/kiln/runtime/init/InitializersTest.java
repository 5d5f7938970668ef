package dev.kiln.runtime.init;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.dsl.Activation;
import dev.kiln.dsl.Init;
import dev.kiln.dsl.Loss;
import dev.kiln.dsl.PaddingMode;
import dev.kiln.reference.SpecBuilder;
import dev.kiln.spec.NetworkSpec;
import dev.kiln.spec.ParamSpec;
import dev.kiln.spec.Window;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The initialisers' statistics on big layers, their bounds, and their reproducibility. */
class InitializersTest {

    /** One dense layer of 400 units over 500 inputs: 200,000 weights. */
    private static NetworkSpec dense(Init init, Activation activation) {
        return SpecBuilder.of("test.Init", 500, 1, 1, Loss.MEAN_SQUARED_ERROR)
                .flatten("f")
                .dense("d", 400, true, activation, init)
                .build();
    }

    private static double[] values(float[] params, ParamSpec p) {
        double[] v = new double[p.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = params[p.offset() + i];
        }
        return v;
    }

    private static double mean(double[] v) {
        return Arrays.stream(v).average().orElseThrow();
    }

    private static double std(double[] v) {
        double m = mean(v);
        return Math.sqrt(Arrays.stream(v).map(x -> (x - m) * (x - m)).sum() / (v.length - 1));
    }

    @Test
    void heNormalHasTheStandardDeviationOfItsFanIn() {
        NetworkSpec spec = dense(Init.DEFAULT, Activation.RELU);
        float[] params = Initializers.initialize(spec, 1);
        double[] w = values(params, spec.param("d.weight"));
        double sigma = Math.sqrt(2.0 / 500);
        // the sample mean of 200,000 draws has standard error sigma / 447; allow 5 of them
        assertEquals(0, mean(w), 5 * sigma / Math.sqrt(w.length));
        // the sample standard deviation has relative standard error 1 / sqrt(2n) = 0.16%; allow 1%
        assertEquals(sigma, std(w), 0.01 * sigma);
        // a normal puts 68.27% within one sigma
        long within = Arrays.stream(w).filter(x -> Math.abs(x) < sigma).count();
        assertEquals(0.6827, within / (double) w.length, 0.005);
        assertTrue(Arrays.stream(values(params, spec.param("d.bias"))).allMatch(b -> b == 0), "biases start at zero");
    }

    @Test
    void heNormalOfAConvUsesChannelsTimesKernelArea() {
        NetworkSpec spec = SpecBuilder.of("test.ConvInit", 16, 12, 12, Loss.MEAN_SQUARED_ERROR)
                .conv("c", 64, Window.symmetric(3, 3, 1, 1, 0, 0, 1, 1), false, PaddingMode.ZEROS, true,
                        Activation.RELU, Init.HE_NORMAL)
                .build();
        double[] w = values(Initializers.initialize(spec, 2), spec.param("c.weight"));
        // fan-in 16 * 3 * 3 = 144
        assertEquals(Math.sqrt(2.0 / 144), std(w), 0.02 * Math.sqrt(2.0 / 144));
    }

    @Test
    void xavierUniformFillsItsBounds() {
        NetworkSpec spec = dense(Init.DEFAULT, Activation.TANH);
        double[] w = values(Initializers.initialize(spec, 3), spec.param("d.weight"));
        double a = Math.sqrt(6.0 / (500 + 400));
        assertTrue(Arrays.stream(w).allMatch(x -> Math.abs(x) <= a), "within [-a, a]");
        assertEquals(a, Arrays.stream(w).max().orElseThrow(), 0.001 * a);
        assertEquals(-a, Arrays.stream(w).min().orElseThrow(), 0.001 * a);
        // uniform on [-a, a]: standard deviation a / sqrt(3)
        assertEquals(a / Math.sqrt(3), std(w), 0.01 * a / Math.sqrt(3));
        assertEquals(0, mean(w), 5 * a / Math.sqrt(3) / Math.sqrt(w.length));
    }

    @Test
    void uniformFanInCoversWeightsAndBiases() {
        NetworkSpec spec = dense(Init.UNIFORM_FAN_IN, Activation.NONE);
        float[] params = Initializers.initialize(spec, 4);
        double bound = 1 / Math.sqrt(500);
        double[] w = values(params, spec.param("d.weight"));
        double[] b = values(params, spec.param("d.bias"));
        assertTrue(Arrays.stream(w).allMatch(x -> Math.abs(x) <= bound));
        assertTrue(Arrays.stream(b).allMatch(x -> Math.abs(x) <= bound));
        assertEquals(bound / Math.sqrt(3), std(w), 0.01 * bound / Math.sqrt(3));
        // 400 uniform biases: standard deviation within 15% of bound / sqrt(3), and none left at zero
        assertEquals(bound / Math.sqrt(3), std(b), 0.15 * bound / Math.sqrt(3));
        assertTrue(Arrays.stream(b).noneMatch(x -> x == 0));
    }

    @Test
    void zerosAreZeros() {
        NetworkSpec spec = dense(Init.ZEROS, Activation.NONE);
        float[] params = Initializers.initialize(spec, 5);
        assertEquals(spec.parameterCount(), params.length);
        for (float p : params) {
            assertEquals(0f, p);
        }
    }

    /**
     * PyTorch's BatchNorm starts as the identity: weight 1, bias 0. A weight of 0 makes every batch norm output
     * its bias, so nothing after it sees the input and no gradient flows back: FashionResNet trained at loss
     * ln 10 = 2.3026 from the first step to the last, until this initialiser filled ONES.
     */
    @Test
    void batchNormWeightsStartAtOneAndBiasesAtZero() {
        NetworkSpec spec = SpecBuilder.of("test.Bn", 1, 6, 6, Loss.SOFTMAX_CROSS_ENTROPY)
                .conv("c", 4, Window.symmetric(3, 3, 1, 1, 1, 1, 1, 1), false, PaddingMode.ZEROS, false,
                        Activation.NONE, Init.DEFAULT)
                .batchNorm("n", 1e-5, 0.1, Activation.RELU)
                .flatten("f")
                .dense("d", 3, true, Activation.NONE, Init.DEFAULT)
                .build();
        float[] params = Initializers.initialize(spec, 3);
        for (ParamSpec p : spec.params()) {
            if (p.name().startsWith("n.")) {
                float expected = p.name().equals("n.weight") ? 1f : 0f;
                for (int i = p.offset(); i < p.offset() + p.size(); i++) {
                    assertEquals(expected, params[i], p.name() + "[" + (i - p.offset()) + "]");
                }
            }
        }
    }

    @Test
    void sameSeedSameArrayOtherSeedOtherArray() {
        NetworkSpec spec = SpecBuilder.of("test.Mixed", 1, 8, 8, Loss.SOFTMAX_CROSS_ENTROPY)
                .conv("c", 4, Window.symmetric(3, 3, 1, 1, 1, 1, 1, 1), false, PaddingMode.ZEROS, true,
                        Activation.RELU, Init.DEFAULT)
                .flatten("f")
                .dense("d", 10, true, Activation.NONE, Init.UNIFORM_FAN_IN)
                .build();
        float[] a = Initializers.initialize(spec, 99);
        assertArrayEquals(a, Initializers.initialize(spec, 99));
        assertFalse(Arrays.equals(a, Initializers.initialize(spec, 100)));
    }
}
