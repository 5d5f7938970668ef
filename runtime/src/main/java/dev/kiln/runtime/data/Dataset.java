package dev.kiln.runtime.data;

import dev.kiln.spec.Shape;
import java.util.List;

/**
 * Labelled images in memory: {@code images} is {@code (N, C, H, W)} flat, pixels as floats (scaled
 * to [0, 1] by the loaders), {@code labels} one class index per image.
 *
 * @param name       for logs and reports, e.g. {@code fashion-mnist/train}
 * @param shape      one image's shape
 * @param images     {@code count x shape.size()} floats
 * @param labels     {@code count} class indices in {@code [0, classNames.size())}
 * @param classNames one name per class
 */
public record Dataset(String name, Shape shape, float[] images, int[] labels, List<String> classNames) {

    public Dataset {
        classNames = List.copyOf(classNames);
        if ((long) labels.length * shape.size() != images.length) {
            throw new IllegalArgumentException(name + ": " + labels.length + " labels but " + images.length
                    + " pixels for images of " + shape);
        }
    }

    public int size() {
        return labels.length;
    }

    /** Image {@code index} as {@code (C, H, W)} floats (a copy). */
    public float[] image(int index) {
        if (index < 0 || index >= size()) {
            throw new IndexOutOfBoundsException(name + " holds images 0 to " + (size() - 1) + ", not " + index);
        }
        int n = shape.intSize();
        return java.util.Arrays.copyOfRange(images, index * n, (index + 1) * n);
    }

    public int classes() {
        return classNames.size();
    }
}
