package dev.kiln.processor.validation;

import dev.kiln.spec.Shape;
import dev.kiln.spec.Window;

/**
 * Fits a validated window onto an input, in long arithmetic: whether it fits at all, the output
 * size, and how many real rows and columns the last window position leaves unread.
 */
final class WindowFit {
    private WindowFit() {
    }

    /** Padded input minus the window's extent along one dimension; negative when the window does not fit. */
    static long span(long in, long padBefore, long padAfter, long extent) {
        return in + padBefore + padAfter - extent;
    }

    static long outputSize(long span, long stride) {
        return span / stride + 1;
    }

    /**
     * Real rows the last of {@code out} window positions leaves unread: the input past the last window's end
     * ({@code (out - 1) stride - padBefore + extent}), for floor rounding and ceil-mode pooling alike.
     */
    static long unread(long in, long out, long stride, long padBefore, long extent) {
        return Math.max(0, in - ((out - 1) * stride - padBefore + extent));
    }

    /** Warns when a window leaves real rows or columns at the bottom or right unread. */
    static void warnIfDropping(RuleContext c, Window w, String what, Shape output) {
        Shape in = c.input();
        long rows = unread(in.height(), output.height(), w.strideH(), w.padTop(), w.effectiveKernelH());
        long cols = unread(in.width(), output.width(), w.strideW(), w.padLeft(), w.effectiveKernelW());
        if (rows == 0 && cols == 0) {
            return;
        }
        String lost = rows > 0 && cols > 0 ? plural(rows, "row") + " and " + plural(cols, "column")
                : rows > 0 ? plural(rows, "row") : plural(cols, "column");
        String stride = w.strideH() == w.strideW() ? Integer.toString(w.strideH()) : w.strideH() + "x" + w.strideW();
        c.diagnostics().warning(Message.WINDOW_DROPS_EDGE, c.anchor(), c.name(), w.kernelText() + " " + what, stride,
                c.producerName(), in, lost, output);
    }

    private static String plural(long n, String noun) {
        return n == 1 ? "1 " + noun : n + " " + noun + "s";
    }
}
