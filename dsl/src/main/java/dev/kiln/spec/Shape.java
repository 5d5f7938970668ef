package dev.kiln.spec;

/**
 * The shape of one image's activations: {@code (C, H, W)} for image-like outputs, or {@code (N)}
 * for the vectors after {@code Flatten} and dense layers. A vector of n is stored as
 * {@code (n, 1, 1)} with {@link #isVector()} set, so that {@link #size()} works for both.
 */
public record Shape(int channels, int height, int width, boolean isVector) {

    public Shape {
        if (channels < 1 || height < 1 || width < 1) {
            throw new IllegalArgumentException("shape dimensions must be positive: " + channels + ", " + height + ", " + width);
        }
        if (isVector && (height != 1 || width != 1)) {
            throw new IllegalArgumentException("a vector shape has height and width 1");
        }
    }

    /** An image-like shape {@code (C, H, W)}. */
    public static Shape of(int channels, int height, int width) {
        return new Shape(channels, height, width, false);
    }

    /** A vector shape {@code (n)}. */
    public static Shape vector(int length) {
        return new Shape(length, 1, 1, true);
    }

    /** Elements per image, with exact arithmetic. */
    public long size() {
        return Math.multiplyExact(Math.multiplyExact((long) channels, height), width);
    }

    /** Elements per image as an int; throws if it does not fit (the processor rejects such networks first). */
    public int intSize() {
        return Math.toIntExact(size());
    }

    /** {@code (C, H, W)} or {@code (N)}, as Kiln's messages and summaries write shapes. */
    @Override
    public String toString() {
        return isVector ? "(" + channels + ")" : "(" + channels + ", " + height + ", " + width + ")";
    }
}
