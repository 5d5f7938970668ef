package dev.kiln.processor.validation;

import java.util.Locale;

/**
 * Every message Kiln's processor prints, in one place. Each has a stable tag (tests, docs and
 * users' searches rely on it; never rename one) and says what happened, what was expected and how
 * to fix it. Arguments are {@link String#format} arguments, already rendered (shapes as
 * {@code (C, H, W)}, kernels as {@code 5x5}).
 */
public enum Message {
    // The class
    NETWORK_NOT_A_CLASS("network-not-a-class",
            "%s: @Network goes on a class, but %s is %s. Declare it as 'public abstract class %s' with one Layer field per layer."),
    NETWORK_NOT_TOP_LEVEL("network-not-top-level",
            "%s: a @Network class must be declared at the top level of its file, but it is nested in %s. Move it to its own file %s.java."),
    EMPTY_NETWORK("empty-network",
            "%s: a network needs at least one layer, but it declares no annotated Layer field. Add fields such as '@Conv2d(filters = 6, kernel = 5) Layer c1;'."),
    INPUT_OUT_OF_RANGE("input-out-of-range",
            "%s: @Network %s must be at least 1, but is %s. Give the input's %s in pixels (channels: 1 for grey, 3 for RGB)."),
    TOO_MANY_LAYERS("too-many-layers",
            "%s: a network may have at most %s layers (its generated model initialises the spec in one static block, which the JVM caps at 64 KB of bytecode), but it has %s. Use fewer layers."),
    INPUT_TOO_LARGE("input-too-large",
            "%s: the input (%s, %s, %s) has %s elements per image, above the limit of 2,147,483,647 (buffers are indexed by int). Use a smaller input."),

    // Fields
    MISSING_LAYER_ANNOTATION("missing-layer-annotation",
            "%s: a Layer field needs exactly one layer annotation (@Conv2d, @MaxPool2d, @AvgPool2d, @Flatten, @Dense, @Dropout, @Add, @Concat, @Multiply, @Slice, @ChannelShuffle, @BatchNorm, @GlobalAvgPool2d, @RandomFlip, @RandomTranslation, @RandomRotation, @RandomZoom or @RandomContrast), but it has none. Annotate it, or make it static if it is not a layer."),
    RESERVED_LAYER_NAME("reserved-layer-name",
            "%s: 'input' names the network input in 'from', so no layer may be called that. Rename the field."),

    // The graph
    FROM_UNKNOWN("from-unknown",
            "%s: from names '%s', but the network has no layer of that name%s. Name a field declared before %s, or \"input\" for the network input."),
    FROM_LATER("from-later",
            "%s: from names %s, which is declared after it; a layer may only read fields declared before it (so the network has no cycles). Move %s above %s."),
    FROM_ARITY("from-arity",
            "%s: @%s reads one tensor, but from names %s (%s). Give one name, or merge them first with @Add or @Concat."),
    MERGE_NEEDS_TWO("merge-needs-two",
            "%s: @%s merges two or more tensors, but from names %s. Name at least two layers, e.g. from = {\"a\", \"b\"}."),
    ADD_SHAPES("add-shapes",
            "%s: cannot add %s %s and %s %s. Every input of @Add must have the same shape; match them with a 1x1 or strided @Conv2d on the shortcut."),
    CONCAT_SHAPES("concat-shapes",
            "%s: cannot concatenate %s %s and %s %s: @Concat joins images of equal height and width along channels, or vectors end to end. Pool or pad the branches to one size."),
    MULTIPLY_SHAPES("multiply-shapes",
            "%s: cannot multiply %s %s and %s %s: @Multiply takes two tensors of one shape, or a (C, 1, 1) image or (C) vector with one value per channel of a (C, H, W) image. Match the channels, or reduce the gate to (C) with @GlobalAvgPool2d."),
    MULTIPLY_TWO_INPUTS("multiply-two-inputs",
            "%s: @Multiply multiplies two tensors, but from names %s (%s). Multiply two at a time: from = {\"%s\", \"%s\"}, then that layer with the next."),
    UNUSED_LAYER("unused-layer",
            "%s: nothing reads this layer's output: %s. Read it in a later layer with from = \"%s\", or remove it."),
    BATCH_NORM_EPS("batch-norm-eps",
            "%s: eps must be greater than 0 (it keeps the square root of the variance away from 0), but is %s. Use eps = 1e-5, PyTorch's default."),
    BATCH_NORM_MOMENTUM("batch-norm-momentum",
            "%s: momentum must be in (0, 1] (the batch statistic's weight in the running update), but is %s. Use momentum = 0.1, PyTorch's default."),
    SEVERAL_LAYER_ANNOTATIONS("several-layer-annotations",
            "%s: a field declares one layer, but it carries %s layer annotations (%s). Keep one and declare the others as fields of their own."),
    FIELD_NOT_LAYER("field-not-layer",
            "%s: a field annotated @%s must have type dev.kiln.dsl.Layer, but has type %s. Declare it as 'Layer %s;'."),
    STATIC_LAYER("static-layer",
            "%s: a layer is an instance field, but this one is static. Remove 'static'."),
    LAYER_OUTSIDE_NETWORK("layer-outside-network",
            "%s: @%s declares a layer, but %s is not annotated @Network, so nothing reads it. Annotate the class with @Network(channels = ..., height = ..., width = ..., loss = ...)."),

    // Attribute values
    ATTRIBUTE_ARITY("attribute-arity",
            "%s: %s takes one value (square) or two ({height, width}), but has %s: %s. Write %s = 3 or %s = {3, 5}."),
    GROUPS_OUT_OF_RANGE("groups-out-of-range",
            "%s: groups must be at least 1, but is %s. Use groups = 1 for an ordinary convolution, or the input's channels for a depthwise one."),
    GROUPS_DO_NOT_DIVIDE("groups-do-not-divide",
            "%s: groups = %s must divide both the input channels and the filters, but %s has %s channels and filters is %s. Use groups = %s (a common divisor), or make filters a multiple of groups."),
    SLICE_ARITY("slice-arity",
            "%s: channels takes two values {start, end}, but has %s: %s. Write channels = {0, 16} for the first 16 channels."),
    SLICE_OUT_OF_RANGE("slice-out-of-range",
            "%s: channels = {%s, %s} must satisfy 0 <= start < end <= %s (the channels of %s), but does not. Use e.g. channels = {0, %s}."),
    SHUFFLE_GROUPS("shuffle-groups",
            "%s: groups = %s must be at least 1 and divide the channels of %s%s. Use a divisor of the channels, such as %s."),
    FILTERS_OUT_OF_RANGE("filters-out-of-range",
            "%s: filters must be at least 1 (a zero-depth filter bank produces nothing), but is %s. Give the number of output channels, e.g. filters = 16."),
    UNITS_OUT_OF_RANGE("units-out-of-range",
            "%s: units must be at least 1, but is %s. Give the number of outputs, e.g. units = 10."),
    KERNEL_OUT_OF_RANGE("kernel-out-of-range",
            "%s: every kernel size must be at least 1, but kernel is %s. Use a kernel such as 3 or {3, 5}."),
    POOL_SIZE_OUT_OF_RANGE("pool-size-out-of-range",
            "%s: every pool size must be at least 1, but size is %s. Use a window such as size = 2."),
    STRIDE_OUT_OF_RANGE("stride-out-of-range",
            "%s: every stride must be at least 1 (a stride of 0 never moves the window), but stride is %s. Use stride = 1, or 2 to halve the output."),
    DILATION_OUT_OF_RANGE("dilation-out-of-range",
            "%s: every dilation must be at least 1 (1 means no gaps), but dilation is %s. Use dilation = 1."),
    PADDING_OUT_OF_RANGE("padding-out-of-range",
            "%s: padding must be 0 or more on each side, but is %s. Use padding = 0, or same = true for a convolution."),
    CONV_PADDING_TOO_LARGE("padding-too-large",
            "%s: padding must be smaller than the kernel's extent %s (at most %s), or some outputs would read only padding; but padding is %s. Use padding = %s for an output of the input's size, or same = true."),
    POOL_PADDING_TOO_LARGE("pool-padding-too-large",
            "%s: pooling padding may be at most half the window (%s for a %s window), but is %s; a window could then lie entirely in the padding. Use padding = %s or a larger window."),
    SAME_WITH_PADDING("same-with-padding",
            "%s: same = true computes the padding itself, but padding = %s is also given. Remove padding, or set same = false."),
    AUGMENT_RANGE("augment-out-of-range",
            "%s: %s must be %s, but is %s. Use e.g. %s."),
    DROPOUT_RATE_OUT_OF_RANGE("dropout-rate-out-of-range",
            "%s: a dropout rate must be in [0, 1) (1 would drop everything), but is %s. Use a rate such as 0.2."),
    KERNEL_EXTENT_TOO_LARGE("kernel-extent-too-large",
            "%s: a %s kernel with dilation %s spans %s, above the limit of 2,147,483,647. Use a smaller kernel or dilation."),

    AUGMENT_NOT_AT_START("augment-not-at-start",
            "%s: an augmentation layer (@%s) may only stand at the start of the network, reading the input or another augmentation layer, but %s. Move it above the first other layer, reading \"input\"."),

    // Shapes
    KERNEL_TOO_LARGE("kernel-too-large",
            "%s: a %s kernel%s needs an input of at least %s, but %s. Use padding = %s, a smaller kernel, or remove a pooling layer."),
    POOL_TOO_LARGE("pool-too-large",
            "%s: a %s pooling window%s needs an input of at least %s, but %s. Use a smaller window or remove an earlier pooling layer."),
    POOL_TABLE_TOO_LARGE("pool-table-too-large",
            "%s: the generated code keeps a table of each output's window positions: a %s window over %s outputs is %s entries, above the limit of 2,147,483,647 (tables are indexed by int). Use a smaller window or a larger stride."),
    NEEDS_IMAGE_INPUT("needs-image-input",
            "%s: a @%s layer needs an image input (C, H, W), but %s is a vector. Move it before the @Flatten and dense layers."),
    DENSE_NEEDS_FLATTEN("dense-needs-flatten",
            "%s: a @Dense layer needs a vector input, but %s, an image; Kiln does not flatten implicitly. Add a '@Flatten Layer flat;' field before %s."),
    ACTIVATION_TOO_LARGE("activation-too-large",
            "%s: its output %s has %s elements per image, above the limit of 2,147,483,647 (buffers are indexed by int). Use fewer filters, a larger stride or less padding."),
    UNFOLDED_INPUT_TOO_LARGE("unfolded-input-too-large",
            "%s: the generated code unfolds its input into %s channels x %s kernel x %s output positions = %s elements per image, above the limit of 2,147,483,647 (buffers are indexed by int). Use a larger stride, a smaller kernel or fewer input channels."),
    TOO_MANY_PARAMETERS("too-many-parameters",
            "%s: %s has %s parameters, above the limit of 2,147,483,647 (the flat parameter array is indexed by int). Use fewer %s."),
    WINDOW_DROPS_EDGE("window-drops-edge",
            "%s: a %s window with stride %s over %s %s never reads the last %s; the output is %s. Adjust padding, size or stride if those pixels matter."),

    // Activation and loss
    SOFTMAX_NOT_LAST("softmax-not-last",
            "%s: SOFTMAX is only allowed on the last layer, but %s comes after it. Use RELU here, and SOFTMAX (or NONE, for logits) on the last dense layer."),
    SOFTMAX_NOT_DENSE("softmax-not-dense",
            "%s: SOFTMAX is only allowed on a @Dense last layer, but this is a @%s. End with @Flatten and @Dense(units = ..., activation = SOFTMAX)."),
    SOFTMAX_NEEDS_CROSS_ENTROPY("softmax-needs-cross-entropy",
            "%s: SOFTMAX is only allowed with loss = SOFTMAX_CROSS_ENTROPY, but the loss is %s. Use activation = %s, or loss = SOFTMAX_CROSS_ENTROPY."),
    CROSS_ENTROPY_NEEDS_DENSE("cross-entropy-needs-dense",
            "%s: loss = SOFTMAX_CROSS_ENTROPY needs the last layer to be a @Dense layer of class scores (or a @GlobalAvgPool2d of one map per class), but it is a @%s. End with @Flatten and @Dense(units = <classes>)."),
    CROSS_ENTROPY_ACTIVATION("cross-entropy-activation",
            "%s: loss = SOFTMAX_CROSS_ENTROPY needs logits (activation NONE) or probabilities (SOFTMAX) from the last layer, but its activation is %s. Use activation = NONE."),
    CROSS_ENTROPY_NEEDS_CLASSES("cross-entropy-needs-classes",
            "%s: loss = SOFTMAX_CROSS_ENTROPY needs at least 2 classes, but the last layer has %s unit. Use units = <classes>, or loss = BINARY_CROSS_ENTROPY for a yes/no output."),
    BINARY_NEEDS_ONE_UNIT("binary-needs-one-unit",
            "%s: loss = BINARY_CROSS_ENTROPY needs one output unit from a @Dense last layer, but the last layer is %s. End with @Dense(units = 1, activation = SIGMOID), or use SOFTMAX_CROSS_ENTROPY for several classes."),
    BINARY_ACTIVATION("binary-activation",
            "%s: loss = BINARY_CROSS_ENTROPY needs activation SIGMOID (or NONE, read as a logit) on the last layer, but it is %s. Use activation = SIGMOID."),

    // Processor
    GENERATED_NAME_TAKEN("generated-name-taken",
            "%s: Kiln generates %s for this network, but it could not be created (%s). Rename the class that already has that name, or this network."),
    INTERNAL("internal",
            "%s: Kiln's processor failed on this network (%s). This is a bug in Kiln; please report it with the spec.");

    private final String tag;
    private final String template;

    Message(String tag, String template) {
        this.tag = tag;
        this.template = template;
    }

    /** The stable tag, e.g. {@code kernel-too-large}. */
    public String tag() {
        return tag;
    }

    /** The complete text: {@code [kiln:tag] } and the formatted template. */
    public String format(Object... args) {
        return "[kiln:" + tag + "] " + String.format(Locale.ROOT, template, args);
    }
}
