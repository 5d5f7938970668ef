package dev.kiln.processor.opencl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kiln.dsl.Activation;
import dev.kiln.dsl.FillMode;
import dev.kiln.dsl.FlipMode;
import dev.kiln.dsl.Init;
import dev.kiln.dsl.Loss;
import dev.kiln.dsl.PaddingMode;
import dev.kiln.runtime.init.Initializers;
import dev.kiln.runtime.opencl.OpenClBackend;
import dev.kiln.runtime.optim.OptimizerConfig;
import dev.kiln.spec.Augment;
import dev.kiln.spec.NetworkSpec;
import dev.kiln.spec.Window;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code augment.cl} against the double-precision reference for the draws of fixed seeds (through
 * {@link Parity}: a training step's loss, output and every gradient depend on the augmented
 * images), and evaluation bit for bit the same as the network without augmentation.
 */
class AugmentParityTest {

    @BeforeEach
    void openCl() {
        OpenClTestSupport.requireOpenCl();
    }

    static NetworkSpec network(String name, Augment... transforms) {
        NetworkSpec.Builder b = NetworkSpec.builder("t.claug." + name, 2, 7, 9, Loss.SOFTMAX_CROSS_ENTROPY);
        for (int i = 0; i < transforms.length; i++) {
            b.augment("aug" + i, transforms[i]);
        }
        return b.conv("c1", 3, Window.symmetric(3, 3, 1, 1, 0, 0, 1, 1), false, PaddingMode.ZEROS, true, Activation.TANH,
                        Init.DEFAULT)
                .flatten("flat")
                .dense("out", 4, true, Activation.NONE, Init.DEFAULT)
                .build();
    }

    /** Every flip mode and contrast; each fill mode with each geometric transform (three chains of three). */
    static List<NetworkSpec> networks() {
        List<NetworkSpec> out = new ArrayList<>();
        out.add(network("FlipsContrast", new Augment.Flip(FlipMode.HORIZONTAL), new Augment.Flip(FlipMode.VERTICAL),
                new Augment.Flip(FlipMode.BOTH), new Augment.Contrast(0.6)));
        FillMode[] fills = FillMode.values();
        for (int k = 0; k < fills.length; k++) {
            out.add(network("Geometry" + k, new Augment.Translation(0.3, 0.4, fills[k]),
                    new Augment.Rotation(40, fills[(k + 1) % 3]), new Augment.Zoom(0.5, fills[(k + 2) % 3])));
        }
        return out;
    }

    @Test
    void everyTransformAndFillMatchesTheReference() {
        long seed = 40;
        for (NetworkSpec spec : networks()) {
            Parity.check(spec, seed++, 5);
        }
    }

    /** Evaluation and prediction with augmentation layers are bit for bit those of the network without them. */
    @Test
    void evaluationIsUnchangedBitForBit() {
        NetworkSpec plain = network("Plain");
        NetworkSpec with = networks().get(0);
        assertEquals(plain.parameterCount(), with.parameterCount());
        float[] params = Initializers.initialize(plain, 5);
        Random r = new Random(6);
        int batch = 4;
        float[] input = new float[batch * plain.input().intSize()];
        for (int i = 0; i < input.length; i++) {
            input[i] = (float) r.nextGaussian();
        }
        float[] a = new float[batch * 4];
        float[] b = new float[batch * 4];
        try (OpenClBackend x = (OpenClBackend) OpenClBackend.open(plain, GeneratedPrograms.load(plain), -1, OptimizerConfig.sgd().build());
             OpenClBackend y = (OpenClBackend) OpenClBackend.open(with, GeneratedPrograms.load(with), -1, OptimizerConfig.sgd().build())) {
            x.plan(batch);
            y.plan(batch);
            x.setParameters(params);
            y.setParameters(params);
            x.predict(input, batch, a);
            y.predict(input, batch, b);
            assertArrayEquals(a, b, "predict");
            float[] augOut = new float[input.length];
            y.layerOutput(3, input, batch, augOut);
            assertArrayEquals(input, augOut, "an augmentation layer's inference output is its input");
        }
    }
}
