package dev.kiln.runtime.data;

import dev.kiln.runtime.KilnException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Fashion-MNIST (Xiao, Rasul and Vollgraf, 2017): 60,000 training and 10,000 test images of 28x28
 * grey pixels in 10 classes, read from the four standard IDX files. They are looked for in the
 * directory the user names ({@code --data DIR}), else where Debian's {@code dataset-fashion-mnist}
 * package puts them. Any directory holding the four files under the standard names works, so MNIST
 * itself loads the same way (its class names are then Fashion-MNIST's; the labels are what count).
 */
public final class FashionMnist {
    /** Where Debian's {@code dataset-fashion-mnist} package installs the files. */
    public static final Path DEBIAN_DIR = Path.of("/usr/share/datasets/fashion-mnist");

    /** The class names in label order, as the dataset's authors give them. */
    public static final List<String> CLASS_NAMES = List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
            "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

    private FashionMnist() {
    }

    /** The 60,000 training images from {@link #DEBIAN_DIR}. */
    public static Dataset train() {
        return train(DEBIAN_DIR);
    }

    /** The 10,000 test images from {@link #DEBIAN_DIR}. */
    public static Dataset test() {
        return test(DEBIAN_DIR);
    }

    /** The 60,000 training images from {@code dirOrNull}, or from {@link #DEBIAN_DIR} when null. */
    public static Dataset train(Path dirOrNull) {
        return load(dirOrNull, "train");
    }

    /** The 10,000 test images from {@code dirOrNull}, or from {@link #DEBIAN_DIR} when null. */
    public static Dataset test(Path dirOrNull) {
        return load(dirOrNull, "t10k");
    }

    private static Dataset load(Path dirOrNull, String prefix) {
        Path dir = dirOrNull == null ? DEBIAN_DIR : dirOrNull;
        Path images = find(dir, prefix + "-images-idx3-ubyte");
        Path labels = find(dir, prefix + "-labels-idx1-ubyte");
        String name = "fashion-mnist/" + (prefix.equals("t10k") ? "test" : prefix);
        return Idx.read(name, images, labels, CLASS_NAMES);
    }

    /** The raw file if present, else the {@code .gz} one; neither is a KilnException that says how to get them. */
    private static Path find(Path dir, String baseName) {
        Path raw = dir.resolve(baseName);
        if (Files.isRegularFile(raw)) {
            return raw;
        }
        Path gz = dir.resolve(baseName + ".gz");
        if (Files.isRegularFile(gz)) {
            return gz;
        }
        throw new KilnException("Fashion-MNIST not found: " + dir + " has neither " + baseName + " nor " + baseName
                + ".gz. Install it with `apt-get install dataset-fashion-mnist` (it goes to " + DEBIAN_DIR
                + "), or pass --data DIR naming a directory that holds the four IDX files (train-images-idx3-ubyte,"
                + " train-labels-idx1-ubyte, t10k-images-idx3-ubyte, t10k-labels-idx1-ubyte; raw or .gz).");
    }
}
