package dev.kiln.spec;

/** The two windowed pooling kinds, which share their geometry. */
public sealed interface Pool2dOp extends UnaryOp permits MaxPool2dOp, AvgPool2dOp {

    /** Size, stride and padding of the pooling window (dilation 1); the padding as written, before any ceil rounding. */
    Window window();

    /** PyTorch's {@code ceil_mode}: the output size rounded up ({@link Window#outputSize}). */
    boolean ceilMode();

    /**
     * Refuses a window that lies entirely in the padding, which pooling cannot define (the processor
     * never builds one: it allows padding of at most half the kernel).
     */
    static void requireWindowsReadInput(String name, Shape input, Window window, boolean ceil) {
        String empty = window.emptyWindow(input.height(), input.width(), ceil);
        if (empty != null) {
            throw new IllegalArgumentException(name + ": the pooling window of " + empty + " lies entirely in the padding (kernel "
                    + window.kernelText() + ", padding " + window.padTop() + "/" + window.padLeft()
                    + "); padding must be at most half the kernel");
        }
    }

    @Override
    default Shape output() {
        return Shape.of(input().channels(), (int) window().outputHeight(input().height(), ceilMode()),
                (int) window().outputWidth(input().width(), ceilMode()));
    }
}
