package dev.kiln.runtime.data;

import dev.kiln.spec.Shape;
import java.nio.file.Path;
import java.util.List;

/**
 * Labelled images from a pair of IDX files (MNIST's format): an images file of rank 3
 * {@code (N, H, W)} and a labels file of rank 1 {@code (N)}, both unsigned bytes, each raw or
 * gzip-compressed. Pixels become {@code x / 255} and nothing else, as the Keras tutorials do, so
 * weights trained elsewhere on the same data predict the same here.
 */
public final class Idx {
    private static final float[] PIXEL = new float[256];

    static {
        for (int i = 0; i < 256; i++) {
            PIXEL[i] = i / 255f;
        }
    }

    private Idx() {
    }

    /**
     * Reads and validates both files: their format (see {@link #readArray}), image rank 3, label
     * rank 1, as many labels as images, every label in {@code [0, classNames.size())}.
     *
     * @param name       the dataset's name for logs, e.g. {@code fashion-mnist/train}
     * @param images     an IDX file of rank 3, raw or gzip
     * @param labels     an IDX file of rank 1, raw or gzip
     * @param classNames one name per class
     * @throws IdxFormatException naming the file, the rule and the numbers when anything is off
     */
    public static Dataset read(String name, Path images, Path labels, List<String> classNames) {
        if (classNames.isEmpty()) {
            throw new IllegalArgumentException(name + ": at least one class name is needed");
        }
        IdxArray labelArray = readArray(labels);
        if (labelArray.rank() != 1) {
            throw new IdxFormatException(labels + ": a labels file has rank 1 (N), but this one has rank "
                    + labelArray.rank() + " " + shapeOf(labelArray) + ". Were the images and labels files swapped?");
        }
        IdxArray imageArray = readArray(images);
        if (imageArray.rank() != 3) {
            throw new IdxFormatException(images + ": an images file has rank 3 (N, H, W), but this one has rank "
                    + imageArray.rank() + " " + shapeOf(imageArray) + ". Were the images and labels files swapped?");
        }
        int count = imageArray.dim(0);
        if (labelArray.dim(0) != count) {
            throw new IdxFormatException(name + ": " + images + " holds " + count + " images but " + labels + " holds "
                    + labelArray.dim(0) + " labels; they must be equal (a pair from different sets?)");
        }
        int[] classes = toLabels(labels, labelArray.data(), classNames.size());
        Shape shape = Shape.of(1, imageArray.dim(1), imageArray.dim(2));
        return new Dataset(name, shape, toPixels(imageArray.data()), classes, classNames);
    }

    /**
     * One IDX file of unsigned bytes, raw or gzip-compressed (detected by the magic {@code 1f 8b}),
     * with its magic, dtype, dimensions and length validated before the values are allocated.
     *
     * @throws IdxFormatException naming the file, the rule and the numbers when anything is off
     */
    public static IdxArray readArray(Path file) {
        return IdxReader.read(file);
    }

    private static int[] toLabels(Path file, byte[] data, int classCount) {
        int[] labels = new int[data.length];
        for (int i = 0; i < data.length; i++) {
            int label = data[i] & 0xFF;
            if (label >= classCount) {
                throw new IdxFormatException(file + ": label " + label + " at index " + i + " is outside [0, "
                        + classCount + "): there are " + classCount + " class names");
            }
            labels[i] = label;
        }
        return labels;
    }

    private static float[] toPixels(byte[] data) {
        float[] pixels = new float[data.length];
        for (int i = 0; i < data.length; i++) {
            pixels[i] = PIXEL[data[i] & 0xFF];
        }
        return pixels;
    }

    private static String shapeOf(IdxArray a) {
        return java.util.Arrays.toString(a.dims()).replace('[', '(').replace(']', ')');
    }
}
