package dev.kiln.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The driver's average of the partitions' states, against values worked out by hand. */
class AveragingTest {
    private static LocalSteps.Result part(int partition, int images, long steps, float[] params, float[] state, float[] first,
                                          float[] second) {
        return new LocalSteps.Result(partition, new ModelState(params, state, steps, first, second), images, 0, 0, 1, -1, 0, 0);
    }

    @Test
    void parametersMomentsAndRunningStatisticsAreAveragedWeightedByImages() {
        ModelState before = new ModelState(new float[2], new float[2], 4, new float[2], new float[2]);
        // weights 1 : 3 : 0 (the third trained on nothing this round and is left out)
        List<LocalSteps.Result> parts = List.of(
                part(0, 10, 6, new float[] {1, 8}, new float[] {0.5f, 2}, new float[] {4, 0}, new float[] {1, 1}),
                part(1, 30, 7, new float[] {5, 0}, new float[] {0.25f, 6}, new float[] {0, 4}, new float[] {3, 5}),
                new LocalSteps.Result(2, before, 0, 0, 0, 0, -1, 0, 0));
        ModelState avg = Averaging.average(parts, before);
        assertArrayEquals(new float[] {(1 * 1 + 3 * 5) / 4f, (1 * 8 + 3 * 0) / 4f}, avg.params()); // 4, 2
        assertArrayEquals(new float[] {(0.5f + 3 * 0.25f) / 4, (2 + 3 * 6) / 4f}, avg.state()); // 0.3125, 5
        assertArrayEquals(new float[] {1, 3}, avg.first());
        assertArrayEquals(new float[] {2.5f, 4}, avg.second());
        assertEquals(7, avg.optimizerSteps(), "the step count is the largest, not an average");
    }

    @Test
    void oneTrainedPartitionIsTakenAsItIsAndPlainSgdHasNoMoments() {
        ModelState before = new ModelState(new float[] {9}, new float[0], 0, null, null);
        LocalSteps.Result only = part(0, 5, 3, new float[] {0.1f}, new float[0], null, null);
        assertSame(only.end(), Averaging.average(List.of(only, new LocalSteps.Result(1, before, 0, 0, 0, 0, -1, 0, 0)), before));
        ModelState two = Averaging.average(List.of(only, part(1, 5, 3, new float[] {0.3f}, new float[0], null, null)), before);
        assertNull(two.first());
        assertNull(two.second());
        assertArrayEquals(new float[] {(float) ((0.1f * 5.0 + 0.3f * 5.0) / 10)}, two.params());
    }

    @Test
    void aRoundInWhichNothingTrainedLeavesTheStateAsItWas() {
        ModelState before = new ModelState(new float[] {1}, new float[0], 2, null, null);
        assertSame(before, Averaging.average(List.of(new LocalSteps.Result(0, before, 0, 0, 0, 0, -1, 0, 0)), before));
    }
}
