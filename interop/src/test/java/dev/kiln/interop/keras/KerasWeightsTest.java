package dev.kiln.interop.keras;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.dsl.Activation;
import dev.kiln.dsl.Init;
import dev.kiln.dsl.Loss;
import dev.kiln.dsl.PaddingMode;
import dev.kiln.interop.InteropException;
import dev.kiln.interop.Npy;
import dev.kiln.interop.WeightFiles;
import dev.kiln.reference.ReferenceNetwork;
import dev.kiln.reference.SpecBuilder;
import dev.kiln.runtime.io.SafeTensors;
import dev.kiln.spec.NetworkSpec;
import dev.kiln.spec.Window;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Keras weights in Keras 2's layout ({@code .h5}, full model and weights only) and Keras 3's
 * ({@code .weights.h5}), written by Keras 3.15 (scripts/fixtures/keras_fixtures.py), load into the same
 * network in Kiln; its reference forward pass gives Keras' own outputs within 1e-4 relative.
 */
class KerasWeightsTest {
    static Path fixture(String name) throws Exception {
        return Path.of(KerasWeightsTest.class.getResource("/keras/" + name).toURI());
    }

    /** The fixture's network in Kiln's terms, with the Keras 2 file's layer names. */
    static NetworkSpec spec() {
        return SpecBuilder.of("x.KerasNet", 2, 9, 10, Loss.MEAN_SQUARED_ERROR)
                .convSame("c1", 4, 3, 3, 1, 1, 1, 1, PaddingMode.ZEROS, true, Activation.RELU, Init.DEFAULT)
                .maxPool("p", Window.symmetric(2, 2, 2, 2, 0, 0, 1, 1))
                .conv("c2", 6, Window.symmetric(2, 3, 1, 1, 0, 0, 1, 1), false, PaddingMode.ZEROS, true, Activation.TANH, Init.DEFAULT)
                .flatten("f")
                .dense("h", 7, true, Activation.RELU, Init.DEFAULT)
                .dense("out", 3, true, Activation.NONE, Init.DEFAULT)
                .build();
    }

    @Test
    void keras2FullModelByName() throws Exception {
        check("keras2.h5", false);
    }

    @Test
    void keras2WeightsOnlyByName() throws Exception {
        check("keras2.weights.h5", false);
    }

    @Test
    void keras3WeightsByTheNamesKerasRecords() throws Exception {
        check("keras3-named.weights.h5", false);
    }

    @Test
    void keras3WeightsByOrder() throws Exception {
        check("keras3.weights.h5", true);
    }

    @Test
    void keras3DefaultNamesLoadInOrderWithoutAsking() throws Exception {
        // conv2d, conv2d_1, dense, dense_1: Keras' names for unnamed layers, paired in order as every shape fits
        check("keras3.weights.h5", false);
    }

    @Test
    void namesThatDifferAreRefusedWithBothListsAndTheWayOut() throws Exception {
        NetworkSpec renamed = SpecBuilder.of("x.Renamed", 2, 9, 10, Loss.MEAN_SQUARED_ERROR)
                .convSame("a1", 4, 3, 3, 1, 1, 1, 1, PaddingMode.ZEROS, true, Activation.RELU, Init.DEFAULT)
                .maxPool("p", Window.symmetric(2, 2, 2, 2, 0, 0, 1, 1))
                .conv("a2", 6, Window.symmetric(2, 3, 1, 1, 0, 0, 1, 1), false, PaddingMode.ZEROS, true, Activation.TANH, Init.DEFAULT)
                .flatten("f").dense("a3", 7, true, Activation.RELU, Init.DEFAULT).dense("a4", 3, true, Activation.NONE, Init.DEFAULT)
                .build();
        InteropException e = assertThrows(InteropException.class,
                () -> WeightFiles.load(fixture("keras3-named.weights.h5"), renamed, false));
        assertTrue(e.getMessage().contains("no Keras layer for [a1, a2, a3, a4]"), e.getMessage());
        assertTrue(e.getMessage().contains("[c1, c2, h, out]"), e.getMessage());
        assertTrue(e.getMessage().contains("--keras-order"), e.getMessage());
        // default names in an order that does not fit are refused too: the dense layers have other sizes
        NetworkSpec wider = SpecBuilder.of("x.Wider", 2, 9, 10, Loss.MEAN_SQUARED_ERROR)
                .convSame("a1", 4, 3, 3, 1, 1, 1, 1, PaddingMode.ZEROS, true, Activation.RELU, Init.DEFAULT)
                .maxPool("p", Window.symmetric(2, 2, 2, 2, 0, 0, 1, 1))
                .conv("a2", 6, Window.symmetric(2, 3, 1, 1, 0, 0, 1, 1), false, PaddingMode.ZEROS, true, Activation.TANH, Init.DEFAULT)
                .flatten("f").dense("a3", 8, true, Activation.RELU, Init.DEFAULT).dense("a4", 3, true, Activation.NONE, Init.DEFAULT)
                .build();
        InteropException unfit = assertThrows(InteropException.class,
                () -> WeightFiles.load(fixture("keras3.weights.h5"), wider, false));
        assertTrue(unfit.getMessage().contains("--keras-order"), unfit.getMessage());
    }

    @Test
    void aShapeThatDiffersIsRefused() throws Exception {
        NetworkSpec other = SpecBuilder.of("x.Other", 2, 9, 10, Loss.MEAN_SQUARED_ERROR)
                .convSame("c1", 5, 3, 3, 1, 1, 1, 1, PaddingMode.ZEROS, true, Activation.RELU, Init.DEFAULT)
                .maxPool("p", Window.symmetric(2, 2, 2, 2, 0, 0, 1, 1))
                .conv("c2", 6, Window.symmetric(2, 3, 1, 1, 0, 0, 1, 1), false, PaddingMode.ZEROS, true, Activation.TANH, Init.DEFAULT)
                .flatten("f").dense("h", 7, true, Activation.RELU, Init.DEFAULT).dense("out", 3, true, Activation.NONE, Init.DEFAULT)
                .build();
        InteropException e = assertThrows(InteropException.class, () -> WeightFiles.load(fixture("keras2.h5"), other, false));
        assertTrue(e.getMessage().contains("kernel has shape [3, 3, 2, 4], expected [3, 3, 2, 5]"), e.getMessage());
    }

    /** scripts/fixtures/keras_grouped_fixtures.py's network in Kiln's terms: a depthwise conv, then a grouped one. */
    static NetworkSpec groupedSpec() {
        return SpecBuilder.of("x.KerasGrouped", 4, 8, 7, Loss.MEAN_SQUARED_ERROR)
                .conv("dw", 8, Window.symmetric(3, 3, 1, 1, 0, 0, 1, 1), false, PaddingMode.ZEROS, true, Activation.RELU6,
                        Init.DEFAULT, 4)
                .conv("g", 6, Window.symmetric(1, 1, 1, 1, 0, 0, 1, 1), false, PaddingMode.ZEROS, true, Activation.TANH,
                        Init.DEFAULT, 2)
                .flatten("f")
                .dense("out", 3, true, Activation.NONE, Init.DEFAULT)
                .build();
    }

    /**
     * DepthwiseConv2D's (kh, kw, in, multiplier) kernel (filter c x multiplier + m in PyTorch's layout) and Conv2D's
     * with {@code groups} ((kh, kw, in / groups, out)) load into Kiln's grouped convs: Keras' outputs within 1e-4.
     */
    @Test
    void depthwiseAndGroupedConvsLoad() throws Exception {
        NetworkSpec spec = groupedSpec();
        float[] params = WeightFiles.load(fixture("grouped.weights.h5"), spec, false);
        float[] input = Npy.read(fixture("grouped.in.npy"), "input").values();
        float[] output = Npy.read(fixture("grouped.out.npy"), "output").values();
        double[][] outs = new ReferenceNetwork(spec).forward(toDouble(params), toDouble(input), 5, false, 0);
        double[] kiln = outs[outs.length - 1];
        double worst = 0;
        for (int i = 0; i < output.length; i++) {
            worst = Math.max(worst, Math.abs(kiln[i] - output[i]) / Math.max(Math.abs(output[i]), 1e-3));
        }
        System.out.printf("[keras] grouped.weights.h5: max relative error %.2e against Keras' outputs%n", worst);
        assertTrue(worst <= 1e-4, "relative error " + worst);
        assertEquals(15, kiln.length);
    }

    @Test
    void safetensorsAreStillSafetensors() throws Exception {
        assertFalse(WeightFiles.isHdf5(fixture("weights.in.npy")));
        assertTrue(WeightFiles.isHdf5(fixture("keras3.weights.h5")));
    }

    private static void check(String file, boolean byOrder) throws Exception {
        NetworkSpec spec = spec();
        float[] params = WeightFiles.load(fixture(file), spec, byOrder);
        float[] input = Npy.read(fixture("weights.in.npy"), "input").values();
        float[] output = Npy.read(fixture("weights.out.npy"), "output").values();
        double[][] outs = new ReferenceNetwork(spec).forward(toDouble(params), toDouble(input), 5, false, 0);
        double[] kiln = outs[outs.length - 1];
        double worst = 0;
        for (int i = 0; i < output.length; i++) {
            worst = Math.max(worst, Math.abs(kiln[i] - output[i]) / Math.max(Math.abs(output[i]), 1e-3));
        }
        System.out.printf("[keras] %s: max relative error %.2e against Keras' outputs%n", file, worst);
        assertTrue(worst <= 1e-4, file + ": relative error " + worst);
        assertEquals(15, kiln.length);
    }

    private static double[] toDouble(float[] f) {
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            d[i] = f[i];
        }
        return d;
    }
}
