package dev.kiln.runtime.viz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.spec.Shape;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every picture on synthetic data: not blank, the expected size, and the colours the published
 * scales give at their ends (viridis #440154 / #FDE725, Blues #08306B, RdBu #B2182B / #2166AC)
 * where the data puts them.
 */
class PicturesTest {
    static final int VIRIDIS_LOW = 0x440154;
    static final int VIRIDIS_HIGH = 0xFDE725;
    static final int BLUES_FULL = 0x08306B;
    static final int RED_END = 0xB2182B;
    static final int BLUE_END = 0x2166AC;
    static final List<String> THREE = List.of("cat", "dog", "bird");

    @Test
    void trainingCurvesHaveTwoPanelsWithAccuracyAndOneWithout() {
        double[] loss = {0.9, 0.6, 0.45, 0.4};
        BufferedImage both = TrainingCurves.render(loss, new double[] {0.8, 0.6, 0.5, Double.NaN},
                new double[] {0.6, 0.75, 0.8, 0.82}, new double[] {0.62, 0.74, 0.79, 0.8});
        BufferedImage lossOnly = TrainingCurves.render(loss, null, null, null);
        assertEquals(2 * lossOnly.getWidth(), both.getWidth());
        assertEquals(lossOnly.getHeight(), both.getHeight());
        assertTrue(PictureStats.variance(both) > 50, "variance " + PictureStats.variance(both));
        assertTrue(PictureStats.count(both, TrainingCurves.TRAIN.getRGB() & 0xFFFFFF) > 100, "training line drawn");
        assertTrue(PictureStats.count(both, TrainingCurves.VALIDATION.getRGB() & 0xFFFFFF) > 100, "validation line drawn");
        assertEquals(0, PictureStats.count(lossOnly, TrainingCurves.VALIDATION.getRGB() & 0xFFFFFF));
    }

    @Test
    void oneEpochIsDrawnAsAPoint() {
        BufferedImage one = TrainingCurves.render(new double[] {0.5}, new double[] {0.6}, new double[] {0.8}, null);
        assertTrue(PictureStats.count(one, TrainingCurves.TRAIN.getRGB() & 0xFFFFFF) > 20);
    }

    @Test
    void mismatchedSeriesAreRefusedNamingBoth() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TrainingCurves.render(new double[] {1, 2}, new double[] {1}, null, null));
        assertEquals("the validation loss has 1 epochs but the training loss has 2", e.getMessage());
    }

    @Test
    void aPerfectConfusionMatrixHasFullDiagonalCellsAndWhiteOffDiagonal() {
        long[][] perfect = {{10, 0, 0}, {0, 7, 0}, {0, 0, 3}};
        BufferedImage picture = ConfusionMatrixPicture.render(perfect, THREE);
        // three full cells of 54x54, less the anti-aliased count text in each
        long dark = PictureStats.count(picture, BLUES_FULL);
        assertTrue(dark > 3 * 54 * 54 * 0.8 && dark <= 3 * 54 * 54, "diagonal pixels " + dark);
        assertTrue(PictureStats.variance(picture) > 100);
    }

    @Test
    void confusionMatrixRowsMustMatchTheClassNames() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ConfusionMatrixPicture.render(new int[][] {{1, 0}, {0, 1}}, THREE));
        assertEquals("the confusion matrix has 2 rows but there are 3 class names", e.getMessage());
    }

    @Test
    void classAccuracyBarsAreProportional() {
        // recalls 1.0, 0.5, 0.0: the first bar is twice the second, the third has none
        BufferedImage picture = ClassAccuracyPicture.render(new int[][] {{4, 0, 0}, {1, 1, 0}, {2, 0, 0}}, THREE);
        int bar = 0x4C72B0;
        long[] lengths = new long[3];
        for (int y = 0; y < picture.getHeight(); y++) {
            long run = 0;
            for (int x = 0; x < picture.getWidth(); x++) {
                run += (picture.getRGB(x, y) & 0xFFFFFF) == bar ? 1 : 0;
            }
            if (run > 0) {
                int row = (y - 60) / 30;
                lengths[row] = Math.max(lengths[row], run);
            }
        }
        assertEquals(2.0, (double) lengths[0] / lengths[1], 0.02);
        assertEquals(0, lengths[2]);
    }

    @Test
    void featureMapsScaleEachChannelToItsOwnRange() {
        // channel 0 is a left-to-right ramp, channel 1 a tiny constant: both must show the scale's ends or its bottom
        Shape shape = Shape.of(2, 8, 8);
        float[] maps = new float[128];
        for (int y = 0; y < 8; y++) {
            for (int x = 0; x < 8; x++) {
                maps[y * 8 + x] = x * 0.001f;
                maps[64 + y * 8 + x] = 5f;
            }
        }
        BufferedImage picture = FeatureMapPicture.render("ramp", maps, shape, null, null);
        long high = PictureStats.count(picture, VIRIDIS_HIGH);
        long low = PictureStats.count(picture, VIRIDIS_LOW);
        int pixel = 96 / 8;
        assertEquals(8L * pixel * pixel, high, "the ramp's last column is the scale's top");
        assertEquals(8L * pixel * pixel + 64L * pixel * pixel, low, "the ramp's first column and the whole constant channel");
    }

    @Test
    void featureMapsShowTheInputFirstAndVectorsAsBars() {
        float[] input = new float[3 * 4 * 4];
        input[0] = 1;
        BufferedImage grid = FeatureMapPicture.render("rgb", new float[] {1, 2, 3, 4}, Shape.of(1, 2, 2), input, Shape.of(3, 4, 4));
        assertTrue(PictureStats.count(grid, 0xFF0000) > 0, "the input's red pixel");
        BufferedImage bars = FeatureMapPicture.render("dense", new float[] {1, -2, 3, 0.5f}, Shape.vector(4), null, null);
        assertTrue(PictureStats.count(bars, 0xC44E52) > 0, "a negative unit is a red bar");
        assertTrue(PictureStats.variance(bars) > 20);
    }

    @Test
    void filtersShareOneSymmetricScale() {
        // two 1-channel 2x2 filters: +0.5 is the red end, -0.5 the blue end, 0 white
        float[] weights = {0.5f, 0, 0, 0, -0.5f, 0, 0, 0};
        BufferedImage picture = FilterPicture.render("two filters", weights, new int[] {2, 1, 2, 2});
        assertTrue(PictureStats.count(picture, RED_END) > 100, "the largest weight is the red end");
        assertTrue(PictureStats.count(picture, BLUE_END) > 100, "the most negative weight is the blue end");
    }

    @Test
    void rgbFiltersGetAColourComposite() {
        // one filter whose red input channel is all +1 and the rest 0: the composite is (255, 128, 128)
        float[] weights = new float[3 * 3 * 3];
        for (int i = 0; i < 9; i++) {
            weights[i] = 1;
        }
        BufferedImage picture = FilterPicture.render("rgb", weights, new int[] {1, 3, 3, 3});
        assertTrue(PictureStats.count(picture, 0xFF8080) > 100);
    }

    @Test
    void filtersRefuseAWeightOfTheWrongLength() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FilterPicture.render("bad", new float[5], new int[] {1, 1, 2, 2}));
        assertEquals("a weight of shape (1, 1, 2, 2) needs 4 values, got 5", e.getMessage());
    }

    @Test
    void pngsRoundTripThroughAFile(@TempDir Path dir) throws IOException {
        BufferedImage picture = FilterPicture.render("f", new float[] {1, -1, 0, 0.5f}, new int[] {1, 1, 2, 2});
        Path file = dir.resolve("sub/filters.png");
        Pngs.write(picture, file);
        BufferedImage back = ImageIO.read(file.toFile());
        assertEquals(picture.getWidth(), back.getWidth());
        assertEquals(picture.getHeight(), back.getHeight());
        assertEquals(picture.getRGB(70, 100), back.getRGB(70, 100));
        assertTrue(Files.list(file.getParent()).allMatch(p -> p.getFileName().toString().endsWith(".png")), "no temporary left");
    }
}
