package dev.kiln.spec.rewrite;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;

/** Folding by hand: s = gamma / sqrt(var + eps), W' = s W, b' = beta + s (b - mean). */
class FoldTest {

    @Test
    void foldsEachFilterWithItsOwnStatistics() {
        // params: conv weight (2 filters x 3), conv bias (2), norm weight (2), norm bias (2)
        float[] params = {1, 2, 3, -1, 0.5f, 4, 0.5f, -2, 2, 1, 1, -3};
        // state: running mean (2), running var (2)
        float[] state = {0.25f, 1, 3, 15};
        float[] folded = new float[1 + 8];
        Fold.fold(params, 0, 6, 2, 3, 8, 10, state, 0, 2, 1.0, folded, 1, 7);
        // filter 0: s = 2 / sqrt(3 + 1) = 1; b' = 1 + 1 x (0.5 - 0.25) = 1.25
        // filter 1: s = 1 / sqrt(15 + 1) = 0.25; W' = (-0.25, 0.125, 1); b' = -3 + 0.25 x (-2 - 1) = -3.75
        assertArrayEquals(new float[] {0, 1, 2, 3, -0.25f, 0.125f, 1, 1.25f, -3.75f}, folded);
    }

    @Test
    void aConvWithoutBiasFoldsFromZero() {
        float[] params = {2, -4, 3, 0.5f};
        float[] state = {1, 0};
        float[] folded = new float[3];
        // one filter of 2: s = 3 / sqrt(0 + 0.25) = 6; b' = 0.5 + 6 x (0 - 1) = -5.5
        Fold.fold(params, 0, -1, 1, 2, 2, 3, state, 0, 1, 0.25, folded, 0, 2);
        assertArrayEquals(new float[] {12, -24, -5.5f}, folded);
    }
}
