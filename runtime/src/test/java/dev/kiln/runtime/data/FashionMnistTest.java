package dev.kiln.runtime.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.runtime.KilnException;
import dev.kiln.runtime.Required;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real Fashion-MNIST from the Debian package, and how a missing or user-named directory is handled. */
class FashionMnistTest {

    private static void requireDebianFiles() {
        Required.fashionMnist();
    }

    @Test
    void realTrainingSet() {
        requireDebianFiles();
        Dataset train = FashionMnist.train(null);
        assertEquals(60_000, train.size());
        assertEquals("(1, 28, 28)", train.shape().toString());
        // The dataset's first training image is an ankle boot (label 9), as its README's sample shows.
        assertEquals(9, train.labels()[0]);
        assertEquals("Ankle boot", train.classNames().get(train.labels()[0]));
        assertPixelsInUnitRange(train);
        int[] perClass = new int[10];
        for (int label : train.labels()) {
            perClass[label]++;
        }
        // Balanced by construction: 6,000 training images per class.
        assertArrayEquals(new int[] {6000, 6000, 6000, 6000, 6000, 6000, 6000, 6000, 6000, 6000}, perClass);
    }

    @Test
    void realTestSet() {
        requireDebianFiles();
        Dataset test = FashionMnist.test(FashionMnist.DEBIAN_DIR);
        assertEquals(10_000, test.size());
        assertEquals(28 * 28 * 10_000, test.images().length);
        assertEquals("fashion-mnist/test", test.name());
        assertPixelsInUnitRange(test);
    }

    private static void assertPixelsInUnitRange(Dataset d) {
        float min = Float.MAX_VALUE;
        float max = -Float.MAX_VALUE;
        for (float p : d.images()) {
            min = Math.min(min, p);
            max = Math.max(max, p);
        }
        assertEquals(0f, min, d.name());
        assertEquals(1f, max, d.name());
    }

    @Test
    void missingDirectorySaysHowToGetTheData(@TempDir Path empty) {
        KilnException e = assertThrows(KilnException.class, () -> FashionMnist.train(empty.resolve("nowhere")));
        assertTrue(e.getMessage().contains("apt-get install dataset-fashion-mnist"), e.getMessage());
        assertTrue(e.getMessage().contains("--data DIR"), e.getMessage());
    }

    @Test
    void aUserDirectoryWithRawAndGzipFilesWorks(@TempDir Path dir) {
        IdxBytes.write(dir.resolve("t10k-images-idx3-ubyte"), IdxBytes.images(4, 28, 28));
        IdxBytes.write(dir.resolve("t10k-labels-idx1-ubyte.gz"), IdxBytes.gzip(IdxBytes.labels(9, 0, 3, 9)));
        Dataset test = FashionMnist.test(dir);
        assertArrayEquals(new int[] {9, 0, 3, 9}, test.labels());
        assertEquals(FashionMnist.CLASS_NAMES, test.classNames());
        assertThrows(KilnException.class, () -> FashionMnist.train(dir));
    }
}
