package dev.kiln.runtime.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.kiln.dsl.Activation;
import dev.kiln.dsl.Init;
import dev.kiln.dsl.Loss;
import dev.kiln.reference.SpecBuilder;
import dev.kiln.spec.NetworkSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class BatchChecksTest {
    private static final NetworkSpec CE = SpecBuilder.of("t.Ce", 1, 2, 3, Loss.SOFTMAX_CROSS_ENTROPY)
            .flatten("flat").dense("out", 4, true, Activation.NONE, Init.DEFAULT).build();
    private static final NetworkSpec BCE = SpecBuilder.of("t.Bce", 1, 2, 3, Loss.BINARY_CROSS_ENTROPY)
            .flatten("flat").dense("out", 1, true, Activation.SIGMOID, Init.DEFAULT).build();
    private static final NetworkSpec MSE = SpecBuilder.of("t.Mse", 1, 2, 3, Loss.MEAN_SQUARED_ERROR)
            .flatten("flat").dense("out", 2, true, Activation.NONE, Init.DEFAULT).build();

    @Test
    void batchSizes() {
        expect("Ce: a batch holds at least 1 image, but the batch size is 0", () -> BatchChecks.checkBatch(CE, 0, 0));
        expect("Ce: a batch of 9 images is larger than the 8 the backend was planned for; call plan(9) first",
                () -> BatchChecks.checkBatch(CE, 9, 8));
        BatchChecks.checkBatch(CE, 8, 8);
    }

    @Test
    void inputLengthAndFinitePixels() {
        expect("Ce: the input holds 11 floats, but a batch of 2 images of (1, 2, 3) needs 12",
                () -> BatchChecks.checkInput(CE, new float[11], 2));
        float[] in = new float[12];
        in[10] = Float.NaN; // image 1, row 1, column 1
        expect("Ce: image 1 of the batch has NaN at (channel 0, row 1, column 1); inputs must be finite",
                () -> BatchChecks.checkInput(CE, in, 2));
        in[10] = Float.NEGATIVE_INFINITY;
        expect("Ce: image 1 of the batch has -Infinity at (channel 0, row 1, column 1); inputs must be finite",
                () -> BatchChecks.checkInput(CE, in, 2));
        BatchChecks.checkInput(CE, in, 1); // only the batch's images are read
    }

    @Test
    void labelsInTheClassRange() {
        expect("Ce: label 4 of image 1 is outside the class range [0, 4) of the 4-unit output",
                () -> BatchChecks.checkLabels(CE, new int[] {3, 4}, 2));
        expect("Ce: label -1 of image 0 is outside the class range [0, 4) of the 4-unit output",
                () -> BatchChecks.checkLabels(CE, new int[] {-1}, 1));
        expect("Ce: SOFTMAX_CROSS_ENTROPY needs 2 labels (class indices), but only 1 were given",
                () -> BatchChecks.checkLabels(CE, new int[] {0}, 2));
        BatchChecks.checkLabels(BCE, null, 2); // binary cross-entropy reads targets
    }

    @Test
    void targetsOfTheRightLengthAndRange() {
        expect("Bce: target 2.0 of image 1 is outside [0, 1]; binary cross-entropy takes 0/1 targets",
                () -> BatchChecks.checkTargets(BCE, new float[] {1, 2}, 2));
        expect("Mse: MEAN_SQUARED_ERROR needs 4 targets (2 x (2)), but only 3 were given",
                () -> BatchChecks.checkTargets(MSE, new float[3], 2));
        expect("Mse: target NaN of image 0 is not finite", () -> BatchChecks.checkTargets(MSE, new float[] {Float.NaN, 0}, 1));
        BatchChecks.checkTargets(MSE, new float[] {-5, 7}, 1);
    }

    @Test
    void parametersAndLayers() {
        expect("Ce has 28 parameters, but 27 floats were given", () -> BatchChecks.checkParameters(CE, new float[27]));
        expect("Ce: layer index 2 is outside [0, 2); the layers are [flat, out]", () -> BatchChecks.checkLayer(CE, 2));
    }

    private static void expect(String message, Executable e) {
        assertEquals(message, assertThrows(InvalidInputException.class, e).getMessage());
    }
}
