package dev.kiln.runtime.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.runtime.KilnException;
import dev.kiln.runtime.MemoryEstimate;
import dev.kiln.runtime.optim.OptimizerConfig;
import org.junit.jupiter.api.Test;

/** The memory estimate, by hand, and the refusal before allocating. */
class MemoryEstimateTest {

    @Test
    void countsParametersGradientsMomentsAndActivations() {
        // TinyCnn: conv 4x(1x3x3)+4 = 40, dense 2x16+2 = 34: 74 parameters; per image 16 (input) + 16 (c1: 4 x 2x2)
        // + 16 (flat) + 16 (drop) + 2 (out) = 66 floats, values and gradients
        MemoryEstimate adam = MemoryEstimate.of(Synthetic.TINY_CNN, 8, OptimizerConfig.adam().build());
        assertEquals(74 * 4, adam.parameterBytes());
        assertEquals(74 * 4, adam.gradientBytes());
        assertEquals(2 * 74 * 4, adam.optimizerBytes());
        assertEquals(2 * 4 * 66, adam.activationBytesPerImage());
        assertEquals(4 * 74 * 4 + 8 * 2 * 4 * 66, adam.totalBytes());
        assertEquals(0, MemoryEstimate.of(Synthetic.TINY_CNN, 8, OptimizerConfig.sgd().build()).optimizerBytes());
        assertEquals(74 * 4, MemoryEstimate.of(Synthetic.TINY_CNN, 8, OptimizerConfig.sgd().momentum(0.9).build()).optimizerBytes());
    }

    @Test
    void inferenceHoldsOnlyTheLiveActivations() {
        // TinyCnn is a chain: at each layer its input and its output are held: 16 + 16 floats at most, by hand;
        // every output kept would be the 66 floats above
        MemoryEstimate.Inference e = MemoryEstimate.inference(Synthetic.TINY_CNN, 8);
        assertEquals(32 * 4, e.peakBytesPerImage());
        assertEquals(66 * 4, e.allBytesPerImage());
        assertEquals(74 * 4 + 8 * 32 * 4, e.totalBytes());
        assertTrue(e.describe().startsWith("about 0.0 MiB: parameters 0.0 MiB, activations 0.0 MiB at their peak (8 images of"),
                e.describe());
    }

    @Test
    void tooLittleMemoryIsRefusedWithTheBreakdown() {
        MemoryEstimate e = MemoryEstimate.of(Synthetic.TINY_CNN, 4000, OptimizerConfig.adam().build());
        KilnException x = assertThrows(KilnException.class, () -> e.requireAtMost(1 << 20, "the JVM's heap"));
        assertTrue(x.getMessage().startsWith("training needs about 2.0 MiB: parameters 0.0 MiB, gradients 0.0 MiB, optimiser "
                + "state 0.0 MiB, activations 2.0 MiB (4,000 images of 0.0 MiB), but the JVM's heap has 1.0 MiB free; use a "
                + "smaller batch"), x.getMessage());
        e.requireAtMost(3 << 20, "the JVM's heap");
    }
}
