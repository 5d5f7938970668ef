package dev.kiln.runtime.augment;

/**
 * One augmentation transform with its range, as a Keras preprocessing layer takes it. Each draws
 * its random values per image from {@link Draws}, so that a step's seed decides them all.
 */
public sealed interface Augmentation {

    /** How pixels that come from outside the picture are filled. */
    enum Fill {
        /** Zero. */
        ZEROS,
        /** The nearest edge pixel. */
        NEAREST,
        /** The picture mirrored at its edge, without repeating the edge pixel ({@code d c b | a b c d | c b a}). */
        REFLECT
    }

    /** Which axes may be flipped, each with probability one half. */
    enum FlipMode { HORIZONTAL, VERTICAL, BOTH }

    /** Mirrors the picture left-right and/or up-down, each with probability 1/2 (per image). */
    record Flip(FlipMode mode) implements Augmentation {
    }

    /**
     * Shifts the picture by {@code dy ~ U(-height, height) * H} and {@code dx ~ U(-width, width) * W}
     * pixels (fractions of the size), bilinearly.
     */
    record Translation(double height, double width, Fill fill) implements Augmentation {
        public Translation {
            requireFraction("height", height);
            requireFraction("width", width);
        }
    }

    /** Rotates the picture about its centre by {@code U(-degrees, degrees)}, bilinearly. */
    record Rotation(double degrees, Fill fill) implements Augmentation {
        public Rotation {
            if (!(degrees >= 0 && degrees <= 180)) {
                throw new IllegalArgumentException("rotation degrees must be in [0, 180], not " + degrees);
            }
        }
    }

    /**
     * Scales the picture about its centre by {@code 1 + U(-value, value)} (above 1 zooms out, as
     * Keras' positive factors do: the picture shrinks and the border is filled), bilinearly.
     */
    record Zoom(double value, Fill fill) implements Augmentation {
        public Zoom {
            if (!(value >= 0 && value < 1)) {
                throw new IllegalArgumentException("zoom must be in [0, 1), not " + value);
            }
        }
    }

    /**
     * Scales each channel's deviation from its mean by {@code U(1 - value, 1 + value)}:
     * {@code x' = (x - mean_c) * f + mean_c}, one factor per image (Keras' {@code RandomContrast});
     * values are not clipped.
     */
    record Contrast(double value) implements Augmentation {
        public Contrast {
            if (!(value >= 0 && value <= 1)) {
                throw new IllegalArgumentException("contrast must be in [0, 1], not " + value);
            }
        }
    }

    private static void requireFraction(String what, double v) {
        if (!(v >= 0 && v < 1)) {
            throw new IllegalArgumentException("translation " + what + " must be a fraction in [0, 1), not " + v);
        }
    }
}
