package dev.kiln.samples;

import dev.kiln.runtime.data.Dataset;
import dev.kiln.spec.Shape;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Synthetic RGB images for {@link ColourShapes}: a red, green or blue disc or cross (a plus sign) of random
 * size and position on a dim, noisy background, 32x32, channels-first, pixels in [0, 1]. The
 * colour is jittered and the background tinted, so no single channel threshold separates the
 * classes. The same seed always gives the same images.
 */
public final class ColourShapesData {
    public static final int SIZE = 32;
    public static final List<String> CLASS_NAMES =
            List.of("red disc", "red cross", "green disc", "green cross", "blue disc", "blue cross");

    private ColourShapesData() {
    }

    /** The training set: 3,000 images (500 per class, shuffled), the same every time. */
    public static Dataset train() {
        return generate("coloured-shapes/train", 3000, 20260001L);
    }

    /** The test set: 600 other images, the same every time. */
    public static Dataset test() {
        return generate("coloured-shapes/test", 600, 20260002L);
    }

    /** {@code count} images; class {@code i % 6} for image {@code i} before a seeded shuffle. */
    public static Dataset generate(String name, int count, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int plane = SIZE * SIZE;
        float[] images = new float[count * 3 * plane];
        int[] labels = new int[count];
        for (int i = 0; i < count; i++) {
            labels[i] = i % CLASS_NAMES.size();
        }
        for (int i = count - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = labels[i];
            labels[i] = labels[j];
            labels[j] = t;
        }
        for (int i = 0; i < count; i++) {
            draw(images, i * 3 * plane, labels[i], random);
        }
        return new Dataset(name, Shape.of(3, SIZE, SIZE), images, labels, CLASS_NAMES);
    }

    private static void draw(float[] images, int base, int label, SplittableRandom random) {
        int plane = SIZE * SIZE;
        float[] tint = {(float) random.nextDouble(0.0, 0.25), (float) random.nextDouble(0.0, 0.25),
                (float) random.nextDouble(0.0, 0.25)};
        int colour = label / 2;
        boolean cross = label % 2 == 1;
        float[] rgb = new float[3];
        for (int c = 0; c < 3; c++) {
            rgb[c] = c == colour ? (float) random.nextDouble(0.7, 1.0) : (float) random.nextDouble(0.0, 0.35);
        }
        double radius = random.nextDouble(4.0, 9.0);
        double cy = random.nextDouble(radius, SIZE - radius);
        double cx = random.nextDouble(radius, SIZE - radius);
        for (int y = 0; y < SIZE; y++) {
            for (int x = 0; x < SIZE; x++) {
                double dy = y + 0.5 - cy;
                double dx = x + 0.5 - cx;
                double ay = Math.abs(dy);
                double ax = Math.abs(dx);
                double arm = Math.max(1.0, radius / 3);
                boolean inside = cross ? (ay <= arm && ax <= radius) || (ax <= arm && ay <= radius)
                        : dy * dy + dx * dx <= radius * radius;
                for (int c = 0; c < 3; c++) {
                    float noise = (float) random.nextDouble(-0.05, 0.05);
                    float v = (inside ? rgb[c] : tint[c]) + noise;
                    images[base + c * plane + y * SIZE + x] = Math.min(1f, Math.max(0f, v));
                }
            }
        }
    }
}
