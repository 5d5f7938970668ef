package dev.kiln.runtime.data.image;

/**
 * How a picture of another aspect ratio becomes the network's {@code H x W}. Every mode resamples
 * bilinearly with half-pixel centres (OpenCV's {@code INTER_LINEAR}, TensorFlow's
 * {@code resize(antialias=False)}).
 */
public enum Resize {
    /** Scale width and height separately to exactly {@code H x W}; shapes are distorted. Keras' default. */
    STRETCH,
    /** Scale uniformly until the picture covers {@code H x W}, then cut the overflow equally from both sides. */
    CROP,
    /** Scale uniformly until the picture fits inside {@code H x W}, centre it, and fill the rest with black (0). */
    PAD;

    /** {@code stretch}, {@code crop} or {@code pad}, as the command line spells them. */
    public static Resize parse(String text) {
        for (Resize r : values()) {
            if (r.name().equalsIgnoreCase(text.trim())) {
                return r;
            }
        }
        throw new IllegalArgumentException("resize mode '" + text + "' is not one of stretch, crop, pad");
    }
}
