package dev.kiln.reference;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.dsl.Activation;
import dev.kiln.dsl.Init;
import dev.kiln.dsl.Loss;
import dev.kiln.dsl.PaddingMode;
import dev.kiln.spec.NetworkSpec;
import dev.kiln.spec.Window;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Rung 2 on whole networks: random valid networks (options crossed at random, 40 by default,
 * {@code -Dkiln.fuzz.count=N} for more) and LeNet-5 itself, whose 61,706 parameters are checked
 * on a sample.
 */
class ReferenceFuzzGradientTest {

    @Test
    void randomNetworks() {
        int count = Integer.getInteger("kiln.fuzz.count", 40);
        SplittableRandom random = new SplittableRandom(2024);
        for (int i = 0; i < count; i++) {
            NetworkSpec spec = RandomNetworks.next(random, "Net" + i);
            double worst = GradientCheck.check(spec, 2, 1000 + i, true);
            assertTrue(worst < GradientCheck.RTOL, spec + ": worst relative error " + worst);
        }
    }

    @Test
    void leNet5Sampled() {
        NetworkSpec spec = SpecBuilder.of("samples.LeNet5", 1, 28, 28, Loss.SOFTMAX_CROSS_ENTROPY)
                .conv("c1", 6, Window.symmetric(5, 5, 1, 1, 2, 2, 1, 1), false, PaddingMode.ZEROS, true,
                        Activation.RELU, Init.DEFAULT)
                .maxPool("s2", Window.symmetric(2, 2, 2, 2, 0, 0, 1, 1))
                .conv("c3", 16, Window.symmetric(5, 5, 1, 1, 0, 0, 1, 1), false, PaddingMode.ZEROS, true,
                        Activation.RELU, Init.DEFAULT)
                .maxPool("s4", Window.symmetric(2, 2, 2, 2, 0, 0, 1, 1))
                .conv("c5", 120, Window.symmetric(5, 5, 1, 1, 0, 0, 1, 1), false, PaddingMode.ZEROS, true,
                        Activation.RELU, Init.DEFAULT)
                .flatten("flat")
                .dense("f6", 84, true, Activation.RELU, Init.DEFAULT)
                .dense("out", 10, true, Activation.NONE, Init.DEFAULT)
                .build();
        double worst = GradientCheck.checkSampled(spec, 2, 31, 1500, 40);
        assertTrue(worst < GradientCheck.RTOL, "worst relative error " + worst);
    }
}
