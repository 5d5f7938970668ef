package dev.kiln.spec;

import dev.kiln.dsl.Add;
import dev.kiln.dsl.AvgPool2d;
import dev.kiln.dsl.BatchNorm;
import dev.kiln.dsl.ChannelShuffle;
import dev.kiln.dsl.Concat;
import dev.kiln.dsl.Conv2d;
import dev.kiln.dsl.Dense;
import dev.kiln.dsl.Dropout;
import dev.kiln.dsl.Flatten;
import dev.kiln.dsl.GlobalAvgPool2d;
import dev.kiln.dsl.MaxPool2d;
import dev.kiln.dsl.Multiply;
import dev.kiln.dsl.RandomContrast;
import dev.kiln.dsl.RandomFlip;
import dev.kiln.dsl.RandomRotation;
import dev.kiln.dsl.RandomTranslation;
import dev.kiln.dsl.RandomZoom;
import dev.kiln.dsl.Slice;
import java.lang.annotation.Annotation;
import java.util.Optional;

/**
 * The kinds of layer, one per DSL annotation, each built into one {@link Op} record (the five
 * augmentation kinds share {@link AugmentOp}). The processor reads annotations through this enum
 * and picks each kind's rule in an exhaustive {@code switch}, so a new constant is a compile error
 * until it has one.
 */
public enum LayerKind {
    CONV2D(Conv2d.class),
    MAX_POOL2D(MaxPool2d.class),
    AVG_POOL2D(AvgPool2d.class),
    FLATTEN(Flatten.class),
    DENSE(Dense.class),
    DROPOUT(Dropout.class),
    ADD(Add.class),
    CONCAT(Concat.class),
    BATCH_NORM(BatchNorm.class),
    GLOBAL_AVG_POOL2D(GlobalAvgPool2d.class),
    RANDOM_FLIP(RandomFlip.class),
    RANDOM_TRANSLATION(RandomTranslation.class),
    RANDOM_ROTATION(RandomRotation.class),
    RANDOM_ZOOM(RandomZoom.class),
    RANDOM_CONTRAST(RandomContrast.class),
    MULTIPLY(Multiply.class),
    SLICE(Slice.class),
    CHANNEL_SHUFFLE(ChannelShuffle.class);

    private final Class<? extends Annotation> annotation;

    LayerKind(Class<? extends Annotation> annotation) {
        this.annotation = annotation;
    }

    /** The DSL annotation that declares this kind. */
    public Class<? extends Annotation> annotation() {
        return annotation;
    }

    /** The kind an annotation declares, by the annotation's qualified name; empty for other annotations. */
    public static Optional<LayerKind> ofAnnotation(String qualifiedName) {
        for (LayerKind k : values()) {
            if (k.annotation.getName().equals(qualifiedName)) {
                return Optional.of(k);
            }
        }
        return Optional.empty();
    }

    /** Whether this is an augmentation kind ({@link AugmentOp}), which may only stand at the start of a network. */
    public boolean isAugmentation() {
        return switch (this) {
            case RANDOM_FLIP, RANDOM_TRANSLATION, RANDOM_ROTATION, RANDOM_ZOOM, RANDOM_CONTRAST -> true;
            case CONV2D, MAX_POOL2D, AVG_POOL2D, FLATTEN, DENSE, DROPOUT, ADD, CONCAT, BATCH_NORM, GLOBAL_AVG_POOL2D, MULTIPLY,
                 SLICE, CHANNEL_SHUFFLE -> false;
        };
    }

    /** Whether the kind reads two or more tensors (its {@code from} names them all); every other kind reads one. */
    public boolean isMerge() {
        return switch (this) {
            case ADD, CONCAT, MULTIPLY -> true;
            case CONV2D, MAX_POOL2D, AVG_POOL2D, FLATTEN, DENSE, DROPOUT, BATCH_NORM, GLOBAL_AVG_POOL2D, RANDOM_FLIP,
                 RANDOM_TRANSLATION, RANDOM_ROTATION, RANDOM_ZOOM, RANDOM_CONTRAST, SLICE, CHANNEL_SHUFFLE -> false;
        };
    }

    /** The annotation's simple name, as summaries print it. */
    public String displayName() {
        return annotation.getSimpleName();
    }
}
