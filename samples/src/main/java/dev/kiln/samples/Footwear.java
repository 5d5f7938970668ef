package dev.kiln.samples;

import dev.kiln.runtime.data.Dataset;
import java.util.List;

/**
 * Relabels Fashion-MNIST for {@link FootwearClassifier}: sandal (5), sneaker (7) and ankle boot
 * (9) become class 1, "footwear"; the seven other classes become class 0.
 */
public final class Footwear {
    public static final List<String> CLASS_NAMES = List.of("not footwear", "footwear");

    private Footwear() {
    }

    /** Whether a Fashion-MNIST class index is a kind of shoe. */
    public static boolean isFootwear(int fashionClass) {
        return fashionClass == 5 || fashionClass == 7 || fashionClass == 9;
    }

    /** The same images with binary labels. */
    public static Dataset relabel(Dataset fashion) {
        int[] labels = new int[fashion.size()];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = isFootwear(fashion.labels()[i]) ? 1 : 0;
        }
        return new Dataset(fashion.name() + "/footwear", fashion.shape(), fashion.images(), labels, CLASS_NAMES);
    }
}
