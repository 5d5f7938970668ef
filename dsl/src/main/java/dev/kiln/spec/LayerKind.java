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
    GLOBAL_AVG_POOL2D("GlobalAvgPool2d");

    private final String displayName;

    LayerKind(String displayName) {
        this.displayName = displayName;
    }

    /** The annotation's simple name, as summaries print it. */
    public String displayName() {
        return displayName;
    }
}
