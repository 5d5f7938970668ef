package dev.kiln.runtime.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.runtime.KilnException;
import dev.kiln.spec.Shape;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class SplitTest {

    /** 100 images of 2 pixels; image i holds pixels (i, -i) and label i % 3, so every image is recognisable. */
    static Dataset numbered(int count) {
        float[] images = new float[count * 2];
        int[] labels = new int[count];
        for (int i = 0; i < count; i++) {
            images[2 * i] = i;
            images[2 * i + 1] = -i;
            labels[i] = i % 3;
        }
        return new Dataset("numbered", Shape.of(1, 1, 2), images, labels, List.of("a", "b", "c"));
    }

    private static int[] ids(Dataset d) {
        int[] ids = new int[d.size()];
        for (int k = 0; k < ids.length; k++) {
            ids[k] = (int) d.images()[2 * k];
            assertEquals(-ids[k], d.images()[2 * k + 1]);
            assertEquals(ids[k] % 3, d.labels()[k]);
        }
        return ids;
    }

    @Test
    void partitionsTheImagesKeepingTheirOrder() {
        Dataset[] parts = Split.trainValidation(numbered(100), 0.1, 7);
        int[] train = ids(parts[0]);
        int[] validation = ids(parts[1]);
        assertEquals(90, train.length);
        assertEquals(10, validation.length);
        TreeSet<Integer> all = new TreeSet<>();
        Arrays.stream(train).forEach(all::add);
        Arrays.stream(validation).forEach(all::add);
        assertEquals(100, all.size());
        assertTrue(isSorted(train) && isSorted(validation));
        assertEquals("numbered/validation", parts[1].name());
    }

    @Test
    void theSeedDecides() {
        int[] a = ids(Split.trainValidation(numbered(100), 0.2, 1)[1]);
        int[] b = ids(Split.trainValidation(numbered(100), 0.2, 1)[1]);
        int[] c = ids(Split.trainValidation(numbered(100), 0.2, 2)[1]);
        assertArrayEquals(a, b);
        assertFalse(Arrays.equals(a, c));
        assertFalse(Arrays.equals(a, new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19}));
    }

    @Test
    void fractionZeroLeavesAnEmptyValidationSet() {
        Dataset[] parts = Split.trainValidation(numbered(10), 0, 3);
        assertEquals(10, parts[0].size());
        assertEquals(0, parts[1].size());
    }

    @Test
    void badFractionsAreRefused() {
        assertThrows(KilnException.class, () -> Split.trainValidation(numbered(10), 1.0, 3));
        assertThrows(KilnException.class, () -> Split.trainValidation(numbered(10), -0.1, 3));
        assertThrows(KilnException.class, () -> Split.trainValidation(numbered(10), Double.NaN, 3));
        assertThrows(KilnException.class, () -> Split.trainValidation(numbered(10), 0.99, 3));
    }

    private static boolean isSorted(int[] a) {
        for (int i = 1; i < a.length; i++) {
            if (a[i - 1] >= a[i]) {
                return false;
            }
        }
        return true;
    }
}
