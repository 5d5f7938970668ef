package dev.kiln.runtime.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.dsl.Activation;
import dev.kiln.dsl.Init;
import dev.kiln.dsl.Loss;
import dev.kiln.dsl.PaddingMode;
import dev.kiln.reference.SpecBuilder;
import dev.kiln.runtime.KilnException;
import dev.kiln.runtime.backend.InvalidInputException;
import dev.kiln.runtime.data.Dataset;
import dev.kiln.spec.NetworkSpec;
import dev.kiln.spec.Shape;
import dev.kiln.spec.Window;
import java.util.List;
import org.junit.jupiter.api.Test;

class TaskTest {

    private static NetworkSpec conv(int h, int w, int k) {
        return SpecBuilder.of("t.Conv", 1, h, w, Loss.MEAN_SQUARED_ERROR)
                .conv("c", 1, Window.symmetric(k, k, 1, 1, 0, 0, 1, 1), false, PaddingMode.ZEROS, false,
                        Activation.NONE, Init.DEFAULT).build();
    }

    @Test
    void convolutionTargetMatchesTheCourseGoldenValues() {
        // The 3x3 input 0..8 with the 2x2 kernel 0..3 gives [[19, 25], [37, 43]] (course material).
        Task t = Task.convolution("golden", new float[][] {{0, 1}, {2, 3}});
        NetworkSpec spec = conv(3, 3, 2);
        Dataset d = new Dataset("d", Shape.of(1, 3, 3), new float[] {0, 1, 2, 3, 4, 5, 6, 7, 8}, new int[] {0}, List.of("x"));
        t.check(spec, d);
        float[] targets = new float[4 + 1];
        targets[4] = -7; // a guard past the target
        t.fill(spec, d, 0, 0, null, targets);
        assertArrayEquals(new float[] {19, 25, 37, 43, -7}, targets);
    }

    @Test
    void edgeTargetOfABinaryImage() {
        // 5x5 binary image of the course with the 3x3 kernel [[1,0,1],[0,1,0],[1,0,1]]: first output 4.
        Task t = Task.convolution("x", new float[][] {{1, 0, 1}, {0, 1, 0}, {1, 0, 1}});
        float[] img = {1, 1, 1, 0, 0, 0, 1, 1, 1, 0, 0, 0, 1, 1, 1, 0, 0, 1, 1, 0, 0, 1, 1, 0, 0};
        Dataset d = new Dataset("d", Shape.of(1, 5, 5), img, new int[] {0}, List.of("x"));
        NetworkSpec spec = conv(5, 5, 3);
        float[] targets = new float[9];
        t.fill(spec, d, 0, 0, null, targets);
        assertArrayEquals(new float[] {4, 3, 4, 2, 4, 3, 2, 3, 4}, targets);
    }

    @Test
    void anImageTargetOfTheWrongShapeIsRefused() {
        NetworkSpec spec = conv(5, 5, 2); // outputs (1, 4, 4); the edge target of 5x5 is (1, 3, 3)
        Dataset d = new Dataset("d", Shape.of(1, 5, 5), new float[25], new int[] {0}, List.of("x"));
        KilnException e = assertThrows(KilnException.class, () -> Task.edges().check(spec, d));
        assertTrue(e.getMessage().contains("produces (1, 4, 4), but the image-target task 'edges' makes targets of (1, 3, 3)"),
                e.getMessage());
    }

    @Test
    void footwearIsSandalSneakerAndAnkleBoot() {
        Task t = Task.footwear();
        Dataset d = new Dataset("d", Shape.of(1, 1, 1), new float[10], new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9},
                List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"));
        int[] expected = {0, 0, 0, 0, 0, 1, 0, 1, 0, 1};
        float[] targets = new float[10];
        NetworkSpec spec = SpecBuilder.of("t.B", 1, 1, 1, Loss.BINARY_CROSS_ENTROPY).flatten("f")
                .dense("o", 1, true, Activation.SIGMOID, Init.DEFAULT).build();
        for (int i = 0; i < 10; i++) {
            assertEquals(expected[i], t.actualClass(d, i), "label " + i);
            t.fill(spec, d, i, i, null, targets);
            assertEquals(expected[i], targets[i]);
        }
    }

    @Test
    void aTaskThatDoesNotFitTheLossIsRefused() {
        NetworkSpec spec = conv(3, 3, 2);
        Dataset d = new Dataset("d", Shape.of(1, 3, 3), new float[9], new int[] {0}, List.of("x"));
        KilnException e = assertThrows(KilnException.class, () -> Task.classification().check(spec, d));
        assertTrue(e.getMessage().contains("Conv is trained with MEAN_SQUARED_ERROR, but a classification task needs"),
                e.getMessage());
    }

    @Test
    void imagesOfTheWrongShapeOrNotFiniteAreRefused() {
        NetworkSpec spec = conv(3, 3, 2);
        Task box = Task.convolution("box", new float[][] {{1, 1}, {1, 1}});
        Dataset wrong = new Dataset("wrong", Shape.of(1, 4, 4), new float[16], new int[] {0}, List.of("x"));
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> box.check(spec, wrong));
        assertEquals("Conv takes images of (1, 3, 3), but wrong holds images of (1, 4, 4)", e.getMessage());

        float[] px = new float[18];
        px[13] = Float.POSITIVE_INFINITY;
        Dataset inf = new Dataset("inf", Shape.of(1, 3, 3), px, new int[] {0, 0}, List.of("x"));
        InvalidInputException e2 = assertThrows(InvalidInputException.class, () -> box.check(spec, inf));
        assertEquals("inf: image 1 has Infinity at pixel 4; inputs must be finite", e2.getMessage());
    }
}
