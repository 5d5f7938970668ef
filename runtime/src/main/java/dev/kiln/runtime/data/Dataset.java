package dev.kiln.runtime.data;

import dev.kiln.runtime.KilnException;
import dev.kiln.runtime.data.image.ImageDecoder;
import dev.kiln.spec.Shape;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Labelled images in memory, {@code (N, C, H, W)} flat, one class index per image. The pixels are
 * kept in one of two ways:
 * <ul>
 *   <li><b>floats</b> ({@link #Dataset(String, Shape, float[], int[], List) the constructor}): scaled to
 *       [0, 1] by the loader (IDX files, generated data), read directly with {@link #images()};</li>
 *   <li><b>bytes</b> ({@link #ofBytes}): the decoded pictures of an image folder, one byte per value
 *       (a quarter of the memory: 27,000 pictures of 3x100x100 are 810 MB as bytes, 3.2 GB as
 *       floats), turned into {@code b / 255}, then {@link #normalization()}, each time a batch is
 *       copied. {@link #images()} refuses them rather than silently quadrupling the memory.</li>
 * </ul>
 * Every reader of pixels goes through {@link #copyImages}, which works for both.
 */
public final class Dataset {
    private final String name;
    private final Shape shape;
    private final float[] images;
    private final byte[] bytes;
    private final Normalization normalization;
    private final int[] labels;
    private final List<String> classNames;
    private final Map<String, String> metadata;

    /**
     * A dataset of float pixels; the arrays are kept as given, not copied. Checks that there are as many
     * images as labels.
     *
     * @param name       for logs and reports, e.g. {@code fashion-mnist/train}
     * @param shape      one image's shape
     * @param images     {@code count x shape.size()} floats
     * @param labels     {@code count} class indices in {@code [0, classNames.size())}
     * @param classNames one name per class
     */
    public Dataset(String name, Shape shape, float[] images, int[] labels, List<String> classNames) {
        this(name, shape, images, null, Normalization.NONE, labels, classNames, Map.of());
    }

    private Dataset(String name, Shape shape, float[] images, byte[] bytes, Normalization normalization, int[] labels,
                    List<String> classNames, Map<String, String> metadata) {
        this.name = name;
        this.shape = shape;
        this.images = images;
        this.bytes = bytes;
        this.normalization = normalization;
        this.labels = labels;
        this.classNames = List.copyOf(classNames);
        this.metadata = Map.copyOf(metadata);
        long values = images != null ? images.length : bytes.length;
        if ((long) labels.length * shape.size() != values) {
            throw new IllegalArgumentException(name + ": " + labels.length + " labels but " + values
                    + " pixels for images of " + shape);
        }
        normalization.check(shape.channels());
    }

    /**
     * Pictures kept as bytes: {@code pixels} is {@code (N, C, H, W)} unsigned bytes, read as
     * {@code b / 255} and then {@code normalization}.
     *
     * @param metadata how the pixels were made (e.g. {@code kiln.resize}), written into checkpoints
     */
    public static Dataset ofBytes(String name, Shape shape, byte[] pixels, int[] labels, List<String> classNames,
                                  Normalization normalization, Map<String, String> metadata) {
        return new Dataset(name, shape, null, pixels, normalization, labels, classNames, metadata);
    }

    /** The name for logs and reports, e.g. {@code fashion-mnist/train}. */
    public String name() {
        return name;
    }

    /** One image's shape, {@code (C, H, W)}. */
    public Shape shape() {
        return shape;
    }

    /**
     * The float pixels of a float dataset.
     *
     * @throws KilnException for a dataset kept as bytes; read it with {@link #copyImages}
     */
    public float[] images() {
        if (images == null) {
            throw new KilnException(name + " keeps its " + size() + " pictures as bytes (" + bytes.length
                    + " bytes; floats would take 4x); read them with Dataset.copyImages");
        }
        return images;
    }

    /** Whether the pixels are kept as bytes ({@link #ofBytes}). */
    public boolean keepsBytes() {
        return bytes != null;
    }

    /** The class index of each image, in image order (the array itself, not a copy: do not change it). */
    public int[] labels() {
        return labels;
    }

    /** One name per class, in label order. */
    public List<String> classNames() {
        return classNames;
    }

    /** How the byte pixels are standardised after scaling to [0, 1] ({@link Normalization#NONE} for float datasets). */
    public Normalization normalization() {
        return normalization;
    }

    /** Facts about how the pixels were made, for checkpoints (e.g. {@code kiln.resize: stretch}); may be empty. */
    public Map<String, String> metadata() {
        return metadata;
    }

    /** The number of images. */
    public int size() {
        return labels.length;
    }

    /** The number of classes, {@code classNames().size()}. */
    public int classes() {
        return classNames.size();
    }

    /** Bytes the pixels take in memory. */
    public long pixelBytes() {
        return images != null ? 4L * images.length : bytes.length;
    }

    /** Copies images {@code first .. first + count} as floats into {@code target[offset ..]}. */
    public void copyImages(int first, int count, float[] target, int offset) {
        int size = shape.intSize();
        if (images != null) {
            System.arraycopy(images, first * size, target, offset, count * size);
            return;
        }
        ImageDecoder.toUnit(bytes, first * size, count * size, target, offset);
        if (!normalization.isNone()) {
            int plane = shape.height() * shape.width();
            for (int k = 0; k < count; k++) {
                for (int c = 0; c < shape.channels(); c++) {
                    normalization.apply(target, offset + k * size + c * plane, plane, c);
                }
            }
        }
    }

    /** Copies image {@code index} as floats into {@code target[offset ..]}. */
    public void copyImage(int index, float[] target, int offset) {
        copyImages(index, 1, target, offset);
    }

    /** Image {@code index} as {@code (C, H, W)} floats, normalised as {@link #copyImage} copies it (a new array). */
    public float[] image(int index) {
        if (index < 0 || index >= size()) {
            throw new IndexOutOfBoundsException(name + " holds images 0 to " + (size() - 1) + ", not " + index);
        }
        float[] out = new float[shape.intSize()];
        copyImage(index, out, 0);
        return out;
    }

    /** The images at {@code indices}, in that order, kept the same way as this one's. */
    public Dataset subset(String newName, int[] indices) {
        int size = shape.intSize();
        int[] newLabels = new int[indices.length];
        for (int k = 0; k < indices.length; k++) {
            newLabels[k] = labels[indices[k]];
        }
        if (images != null) {
            float[] out = new float[Math.multiplyExact(indices.length, size)];
            for (int k = 0; k < indices.length; k++) {
                System.arraycopy(images, indices[k] * size, out, k * size, size);
            }
            return new Dataset(newName, shape, out, null, normalization, newLabels, classNames, metadata);
        }
        byte[] out = new byte[Math.multiplyExact(indices.length, size)];
        for (int k = 0; k < indices.length; k++) {
            System.arraycopy(bytes, indices[k] * size, out, k * size, size);
        }
        return new Dataset(newName, shape, null, out, normalization, newLabels, classNames, metadata);
    }

    /**
     * Only the images of {@code classes}, relabelled {@code 0 .. classes.length - 1} in the order
     * given, with those classes' names: {@code --classes 5,6,7,8,9} makes a five-class set.
     */
    public Dataset selectClasses(int[] classes) {
        int[] newLabel = new int[classNames.size()];
        Arrays.fill(newLabel, -1);
        String[] names = new String[classes.length];
        for (int i = 0; i < classes.length; i++) {
            int c = classes[i];
            if (c < 0 || c >= classNames.size()) {
                throw new KilnException(name + ": class " + c + " does not exist; the classes are 0 to "
                        + (classNames.size() - 1) + " " + classNames);
            }
            if (newLabel[c] >= 0) {
                throw new KilnException(name + ": class " + c + " is selected twice");
            }
            newLabel[c] = i;
            names[i] = classNames.get(c);
        }
        int[] keep = java.util.stream.IntStream.range(0, size()).filter(i -> newLabel[labels[i]] >= 0).toArray();
        Dataset kept = subset(name, keep);
        int[] relabelled = new int[keep.length];
        for (int k = 0; k < keep.length; k++) {
            relabelled[k] = newLabel[kept.labels[k]];
        }
        return new Dataset(name, shape, kept.images, kept.bytes, normalization, relabelled, List.of(names), metadata);
    }

    /** The same images under other class names (e.g. {@code --labels FILE} for IDX data). */
    public Dataset withClassNames(List<String> names) {
        int max = Arrays.stream(labels).max().orElse(-1);
        if (names.size() <= max) {
            throw new KilnException(name + " has labels up to " + max + ", but only " + names.size() + " class names were given");
        }
        return new Dataset(name, shape, images, bytes, normalization, labels, names, metadata);
    }

    /**
     * The same images standardised by {@code n}: bytes keep it and apply it when copying; floats are
     * standardised now, into a new array.
     */
    public Dataset withNormalization(Normalization n) {
        Map<String, String> meta = new LinkedHashMap<>(metadata);
        meta.put(METADATA_NORMALIZE, n.toString());
        if (bytes != null) {
            return new Dataset(name, shape, null, bytes, n, labels, classNames, meta);
        }
        float[] out = images.clone();
        int plane = shape.height() * shape.width();
        for (int k = 0; k < size(); k++) {
            for (int c = 0; c < shape.channels(); c++) {
                n.apply(out, k * shape.intSize() + c * plane, plane, c);
            }
        }
        return new Dataset(name, shape, out, null, Normalization.NONE, labels, classNames, meta);
    }

    /** The checkpoint metadata key of the normalisation the training data had. */
    public static final String METADATA_NORMALIZE = "kiln.normalize";
    /** The metadata key of the resize mode pictures were brought to the input size with ({@code stretch}, {@code crop}, {@code pad}). */
    public static final String METADATA_RESIZE = "kiln.resize";

    @Override
    public String toString() {
        return "Dataset[" + name + ", " + size() + " images of " + shape + ", " + classes() + " classes"
                + (bytes != null ? ", as bytes" : "") + "]";
    }
}
