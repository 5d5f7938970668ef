package dev.kiln.spec;

/** The two windowed pooling kinds, which share their geometry. */
public sealed interface Pool2dOp extends UnaryOp permits MaxPool2dOp, AvgPool2dOp {

    /** Size, stride and padding of the pooling window (dilation 1). */
    Window window();

    @Override
    default Shape output() {
        return Shape.of(input().channels(), (int) window().outputHeight(input().height()),
                (int) window().outputWidth(input().width()));
    }
}
