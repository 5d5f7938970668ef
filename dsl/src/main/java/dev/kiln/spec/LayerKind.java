package dev.kiln.spec;

/** The kinds of layer, one per DSL annotation; each has one {@link Op} record. */
public enum LayerKind {
    CONV2D("Conv2d"),
    MAX_POOL2D("MaxPool2d"),
    AVG_POOL2D("AvgPool2d"),
    FLATTEN("Flatten"),
    DENSE("Dense"),
    DROPOUT("Dropout"),
    ADD("Add"),
    CONCAT("Concat"),
    BATCH_NORM("BatchNorm"),
    GLOBAL_AVG_POOL2D("GlobalAvgPool2d"),
    RANDOM_FLIP("RandomFlip"),
    RANDOM_TRANSLATION("RandomTranslation"),
    RANDOM_ROTATION("RandomRotation"),
    RANDOM_ZOOM("RandomZoom"),
    RANDOM_CONTRAST("RandomContrast");

    private final String displayName;

    LayerKind(String displayName) {
        this.displayName = displayName;
    }

    /** Whether this is an augmentation kind ({@link AugmentOp}), which may only stand at the start of a network. */
    public boolean isAugmentation() {
        return this == RANDOM_FLIP || this == RANDOM_TRANSLATION || this == RANDOM_ROTATION || this == RANDOM_ZOOM
                || this == RANDOM_CONTRAST;
    }

    /** The annotation's simple name, as summaries print it. */
    public String displayName() {
        return displayName;
    }
}
