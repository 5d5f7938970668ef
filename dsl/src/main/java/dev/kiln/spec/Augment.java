package dev.kiln.spec;

import dev.kiln.dsl.FillMode;
import dev.kiln.dsl.FlipMode;

/**
 * The transform of an augmentation layer ({@link AugmentOp}) with its range, as the annotation
 * gives it. The ranges are checked here too, so that a spec built without the processor cannot hold
 * one the generated code does not support.
 */
public sealed interface Augment {

    /** The layer kind this transform is declared by. */
    LayerKind kind();

    /** How many random values in [0, 1) each image draws, numbered {@code k = 0, 1, ...}. */
    int draws();

    /** {@code @RandomFlip}: draw 0 decides the horizontal flip, draw 1 the vertical one (each below 1/2). */
    record Flip(FlipMode mode) implements Augment {
        public LayerKind kind() {
            return LayerKind.RANDOM_FLIP;
        }

        public int draws() {
            return 2;
        }
    }

    /** {@code @RandomTranslation}: draws 0 and 1 are the vertical and horizontal shift. */
    record Translation(double height, double width, FillMode fill) implements Augment {
        public Translation {
            if (!(height >= 0 && height < 1) || !(width >= 0 && width < 1)) {
                throw new IllegalArgumentException("translation fractions must be in [0, 1), not " + height + ", " + width);
            }
        }

        public LayerKind kind() {
            return LayerKind.RANDOM_TRANSLATION;
        }

        public int draws() {
            return 2;
        }
    }

    /** {@code @RandomRotation}: draw 0 is the angle. */
    record Rotation(double degrees, FillMode fill) implements Augment {
        public Rotation {
            if (!(degrees >= 0 && degrees <= 180)) {
                throw new IllegalArgumentException("rotation degrees must be in [0, 180], not " + degrees);
            }
        }

        public LayerKind kind() {
            return LayerKind.RANDOM_ROTATION;
        }

        public int draws() {
            return 1;
        }
    }

    /** {@code @RandomZoom}: draw 0 is the scale. */
    record Zoom(double value, FillMode fill) implements Augment {
        public Zoom {
            if (!(value >= 0 && value < 1)) {
                throw new IllegalArgumentException("zoom must be in [0, 1), not " + value);
            }
        }

        public LayerKind kind() {
            return LayerKind.RANDOM_ZOOM;
        }

        public int draws() {
            return 1;
        }
    }

    /** {@code @RandomContrast}: draw 0 is the factor. */
    record Contrast(double value) implements Augment {
        public Contrast {
            if (!(value >= 0 && value <= 1)) {
                throw new IllegalArgumentException("contrast must be in [0, 1], not " + value);
            }
        }

        public LayerKind kind() {
            return LayerKind.RANDOM_CONTRAST;
        }

        public int draws() {
            return 1;
        }
    }
}
