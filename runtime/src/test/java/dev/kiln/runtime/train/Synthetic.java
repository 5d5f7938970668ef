package dev.kiln.runtime.train;

import dev.kiln.dsl.Activation;
import dev.kiln.dsl.Init;
import dev.kiln.dsl.Loss;
import dev.kiln.dsl.PaddingMode;
import dev.kiln.reference.SpecBuilder;
import dev.kiln.runtime.data.Dataset;
import dev.kiln.spec.NetworkSpec;
import dev.kiln.spec.Shape;
import dev.kiln.spec.Window;
import java.util.List;
import java.util.SplittableRandom;

/** Small seeded datasets and networks for trainer tests. */
final class Synthetic {
    private Synthetic() {
    }

    /** (1, 4, 4) images; a 4-filter 3x3 conv with ReLU, dropout, and a dense layer of 2 logits. */
    static final NetworkSpec TINY_CNN = SpecBuilder.of("t.TinyCnn", 1, 4, 4, Loss.SOFTMAX_CROSS_ENTROPY)
            .conv("c1", 4, Window.symmetric(3, 3, 1, 1, 0, 0, 1, 1), false, PaddingMode.ZEROS, true, Activation.RELU,
                    Init.DEFAULT)
            .flatten("flat")
            .dropout("drop", 0.25)
            .dense("out", 2, true, Activation.NONE, Init.DEFAULT)
            .build();

    /**
     * {@code n} noisy (1, 4, 4) images: class 0 is bright (about 0.5) on the left half and dark (about -0.5) on the right, class 1 the other way round;
     * with {@code flipped} the labels are swapped (a validation set that training makes worse).
     */
    static Dataset leftRight(String name, int n, long seed, boolean flipped) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] images = new float[n * 16];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            int cls = r.nextInt(2);
            labels[i] = flipped ? 1 - cls : cls;
            for (int y = 0; y < 4; y++) {
                for (int x = 0; x < 4; x++) {
                    boolean bright = (x < 2) == (cls == 0);
                    images[i * 16 + y * 4 + x] = (float) ((bright ? 0.5 : -0.5) + 0.4 * (r.nextDouble() - 0.5));
                }
            }
        }
        return new Dataset(name, Shape.of(1, 4, 4), images, labels, List.of("left", "right"));
    }
}
