package dev.kiln.processor.javagen;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.dsl.Activation;
import dev.kiln.dsl.Init;
import dev.kiln.dsl.Loss;
import dev.kiln.reference.ErrorBound;
import dev.kiln.reference.ReferenceNetwork;
import dev.kiln.reference.SpecBuilder;
import dev.kiln.spec.NetworkSpec;

/**
 * A network with one small gradient, for the comparisons' own tests: a dense layer whose third
 * class is no image's label and has a bias of -14.5, so its probability and its bias
 * gradient are about 7e-7, summed from terms of that size, while the weight gradients are about 0.1.
 */
public final class ComparisonFixture {
    private ComparisonFixture() {
    }

    /** d.weight (3, 4) at 0..11, d.bias (3) at 12..14; no label is class 2, whose bias is -14.5. */
    public static final NetworkSpec SPEC = SpecBuilder.of("t.Small", 1, 2, 2, Loss.SOFTMAX_CROSS_ENTROPY)
            .flatten("flat")
            .dense("d", 3, true, Activation.NONE, Init.DEFAULT)
            .build();
    public static final int SMALL_BIAS = 14;
    public static final int BATCH = 4;

    /** The reference's gradients and scales for parameters whose d.bias[2] is -14.5. */
    public static ReferenceNetwork.Gradients reference() {
        double[] params = {0.5, -0.25, 0.75, 0.125, -0.5, 0.375, 0.25, -0.625, 0.3125, 0.1875, -0.4375, 0.0625, 0.1, -0.2, -14.5};
        double[] input = new double[BATCH * 4];
        for (int i = 0; i < input.length; i++) {
            input[i] = (float) Math.sin(1.7 * i + 0.3);
        }
        ReferenceNetwork ref = new ReferenceNetwork(SPEC);
        ReferenceNetwork.Gradients g = ref.gradientsWithScales(params, ref.initialState(), input, BATCH, new int[] {0, 1, 0, 1},
                null, true, 0);
        double small = g.params()[SMALL_BIAS];
        assertTrue(small > 1e-7 && small < 1e-6, "d.bias[2]'s gradient " + small);
        assertTrue(ErrorBound.allowed(g.scales().params()[SMALL_BIAS]) < 1e-3 * small, "its scale " + g.scales().params()[SMALL_BIAS]);
        return g;
    }

}
