package dev.kiln.runtime.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class BatchesTest {
    private final Dataset data = SplitTest.numbered(103);

    /** The image ids of one epoch in batch order, read back from what fill copied. */
    private static int[] epoch(Batches batches, int epoch) {
        batches.startEpoch(epoch);
        float[] images = new float[batches.batchSize() * 2];
        int[] labels = new int[batches.batchSize()];
        int[] seen = new int[batches.data().size()];
        int at = 0;
        for (int b = 0; b < batches.count(); b++) {
            int n = batches.fill(b, images, labels);
            for (int k = 0; k < n; k++) {
                int id = (int) images[2 * k];
                assertEquals(-id, images[2 * k + 1]);
                assertEquals(id % 3, labels[k]);
                assertEquals(id, batches.index(b, k));
                seen[at++] = id;
            }
        }
        assertEquals(seen.length, at);
        return seen;
    }

    @Test
    void everyEpochVisitsEveryImageOnce() {
        Batches batches = Batches.shuffled(data, 10, 42);
        assertEquals(11, batches.count());
        assertEquals(10, batches.fullCount());
        assertEquals(3, batches.size(10));
        int[] order = epoch(batches, 0);
        int[] sorted = order.clone();
        Arrays.sort(sorted);
        int[] identity = new int[103];
        Arrays.setAll(identity, i -> i);
        assertArrayEquals(identity, sorted);
        assertFalse(Arrays.equals(identity, order), "shuffled");
    }

    @Test
    void theOrderDependsOnlyOnSeedAndEpoch() {
        Batches a = Batches.shuffled(data, 16, 5);
        Batches b = Batches.shuffled(data, 16, 5);
        int[] a1 = epoch(a, 1);
        epoch(b, 0);
        epoch(b, 3);
        assertArrayEquals(a1, epoch(b, 1));
        assertFalse(Arrays.equals(a1, epoch(a, 2)));
        assertFalse(Arrays.equals(a1, epoch(Batches.shuffled(data, 16, 6), 1)));
    }

    @Test
    void inOrderKeepsTheDatasetOrder() {
        int[] order = epoch(Batches.inOrder(data, 32), 4);
        for (int i = 0; i < order.length; i++) {
            assertEquals(i, order[i]);
        }
    }

    @Test
    void smallBuffersAndBadBatchesAreRefused() {
        Batches batches = Batches.inOrder(data, 8);
        assertThrows(IllegalArgumentException.class, () -> batches.fill(0, new float[15], new int[8]));
        assertThrows(IllegalArgumentException.class, () -> batches.fill(0, new float[16], new int[7]));
        assertThrows(IndexOutOfBoundsException.class, () -> batches.fill(13, new float[16], new int[8]));
        assertThrows(IllegalArgumentException.class, () -> Batches.shuffled(data, 0, 1));
    }
}
