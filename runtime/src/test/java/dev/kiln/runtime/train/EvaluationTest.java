package dev.kiln.runtime.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.dsl.Activation;
import dev.kiln.dsl.Init;
import dev.kiln.dsl.Loss;
import dev.kiln.reference.SpecBuilder;
import dev.kiln.runtime.backend.InvalidInputException;
import dev.kiln.runtime.data.Dataset;
import dev.kiln.spec.NetworkSpec;
import dev.kiln.spec.Shape;
import java.util.List;
import org.junit.jupiter.api.Test;

class EvaluationTest {

    @Test
    void confusionMatrixAndPerClassAccuracyOfHandMadePredictions() {
        int[] actual = {0, 0, 1, 1, 1, 2};
        int[] predicted = {0, 1, 1, 1, 0, 2};
        Evaluation e = Evaluation.of(actual, predicted, List.of("a", "b", "c", "d"), 0.5);

        // Counted by hand: row = actual, column = predicted.
        long[][] expected = {{1, 1, 0, 0}, {1, 2, 0, 0}, {0, 0, 1, 0}, {0, 0, 0, 0}};
        for (int r = 0; r < 4; r++) {
            assertArrayEquals(expected[r], e.confusion()[r], "row " + r);
        }
        assertEquals(4.0 / 6, e.accuracy(), 1e-12);
        double[] perClass = e.perClassAccuracy();
        assertEquals(0.5, perClass[0], 1e-12);
        assertEquals(2.0 / 3, perClass[1], 1e-12);
        assertEquals(1.0, perClass[2], 1e-12);
        assertTrue(Double.isNaN(perClass[3]), "a class without images has no accuracy");
        assertEquals(0.5, e.loss());
        assertEquals(6, e.count());
        String table = e.confusionTable();
        assertTrue(table.contains("0.6667"), table);
    }

    @Test
    void crossEntropyFromLogitsMatchesHandValues() {
        // Logits ln 1, ln 2, ln 3 give softmax 1/6, 2/6, 3/6: label 2 costs ln 2, label 0 costs ln 6.
        NetworkSpec spec = SpecBuilder.of("t.Logits", 3, 1, 1, Loss.SOFTMAX_CROSS_ENTROPY)
                .flatten("flat").dense("out", 3, true, Activation.NONE, Init.DEFAULT).build();
        float l1 = 0f, l2 = (float) Math.log(2), l3 = (float) Math.log(3);
        Dataset data = new Dataset("hand", Shape.of(3, 1, 1), new float[] {l1, l2, l3, l1, l2, l3, l3, l2, l1},
                new int[] {2, 0, 0}, List.of("x", "y", "z"));
        Evaluation e = Evaluation.evaluate(new IdentityBackend(spec), data, Task.classification(), 2);

        assertEquals((Math.log(2) + Math.log(6) + Math.log(2)) / 3, e.loss(), 1e-6);
        assertEquals(2.0 / 3, e.accuracy(), 1e-12, "image 1 (label 0) is predicted as class 2");
        assertEquals(1, e.confusion()[0][2]);
    }

    @Test
    void crossEntropyFromSoftmaxProbabilitiesReadsTheLabelsProbability() {
        NetworkSpec spec = SpecBuilder.of("t.Probs", 2, 1, 1, Loss.SOFTMAX_CROSS_ENTROPY)
                .flatten("flat").dense("out", 2, true, Activation.SOFTMAX, Init.DEFAULT).build();
        Dataset data = new Dataset("hand", Shape.of(2, 1, 1), new float[] {0.25f, 0.75f}, new int[] {0}, List.of("x", "y"));
        Evaluation e = Evaluation.evaluate(new IdentityBackend(spec), data, Task.classification());
        assertEquals(Math.log(4), e.loss(), 1e-6);
        assertEquals(0.0, e.accuracy());
    }

    @Test
    void binaryCrossEntropyWithSigmoidOutputsAndAThreshold() {
        NetworkSpec spec = SpecBuilder.of("t.Binary", 1, 1, 1, Loss.BINARY_CROSS_ENTROPY)
                .flatten("flat").dense("out", 1, true, Activation.SIGMOID, Init.DEFAULT).build();
        // Labels 5 (Sandal) and 0 (T-shirt): footwear targets 1 and 0. Outputs 0.8 and 0.6.
        Dataset data = new Dataset("hand", Shape.of(1, 1, 1), new float[] {0.8f, 0.6f}, new int[] {5, 0},
                List.of("0", "1", "2", "3", "4", "5"));
        Evaluation e = Evaluation.evaluate(new IdentityBackend(spec), data, Task.footwear());
        assertEquals((-Math.log(0.8) - Math.log(0.4)) / 2, e.loss(), 1e-6);
        assertEquals(0.5, e.accuracy());
        assertEquals(List.of("not footwear", "footwear"), e.classNames());
        assertEquals(1, e.confusion()[0][1], "0.6 >= 0.5 predicts footwear for the T-shirt");
    }

    @Test
    void meanSquaredErrorOfAnImageTargetHasNoAccuracy() {
        NetworkSpec spec = SpecBuilder.of("t.Edges", 1, 3, 3, Loss.MEAN_SQUARED_ERROR)
                .conv("c", 1, dev.kiln.spec.Window.symmetric(3, 3, 1, 1, 0, 0, 1, 1), false,
                        dev.kiln.dsl.PaddingMode.ZEROS, false, Activation.NONE, Init.DEFAULT).build();
        // The identity backend outputs pixel 0 (= 1); the edge target is (1 + 1 + 1) - (1 + 0 + 0) = 2.
        Dataset data = new Dataset("hand", Shape.of(1, 3, 3), new float[] {1, 0, 0, 0, 0, 0, 1, 1, 1}, new int[] {0},
                List.of("any"));
        Evaluation e = Evaluation.evaluate(new IdentityBackend(spec), data, Task.edges());
        assertEquals(1.0, e.loss(), 1e-9);
        assertTrue(Double.isNaN(e.accuracy()));
        assertEquals(0, e.confusion().length);
    }

    @Test
    void aLabelOutsideTheClassRangeIsRefusedBeforeAnyInference() {
        NetworkSpec spec = SpecBuilder.of("t.Logits", 3, 1, 1, Loss.SOFTMAX_CROSS_ENTROPY)
                .flatten("flat").dense("out", 3, true, Activation.NONE, Init.DEFAULT).build();
        Dataset data = new Dataset("bad", Shape.of(3, 1, 1), new float[6], new int[] {1, 3}, List.of("x", "y", "z"));
        IdentityBackend backend = new IdentityBackend(spec);
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> Evaluation.evaluate(backend, data, Task.classification()));
        assertTrue(e.getMessage().contains("label 3 of image 1 is outside the class range [0, 3)"), e.getMessage());
        assertEquals(0, backend.predictCalls);
    }
}
