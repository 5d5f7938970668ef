package dev.kiln.spec;

/** The kinds of layer, one per DSL annotation. */
public enum LayerKind {
    CONV2D("Conv2d"),
    MAX_POOL2D("MaxPool2d"),
    AVG_POOL2D("AvgPool2d"),
    FLATTEN("Flatten"),
    DENSE("Dense"),
    DROPOUT("Dropout");

    private final String displayName;

    LayerKind(String displayName) {
        this.displayName = displayName;
    }

    /** The annotation's simple name, as summaries print it. */
    public String displayName() {
        return displayName;
    }

    public boolean isPooling() {
        return this == MAX_POOL2D || this == AVG_POOL2D;
    }

    public boolean hasParameters() {
        return this == CONV2D || this == DENSE;
    }
}
