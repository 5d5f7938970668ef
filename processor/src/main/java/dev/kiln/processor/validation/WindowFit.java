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

    /** Real (non-padding) rows the last window position cannot reach. */
    static long dropped(long span, long stride, long padAfter) {
        return Math.max(0, span % stride - padAfter);
    }

    /** Warns when a window leaves real rows or columns at the bottom or right unread. */
    static void warnIfDropping(RuleContext c, Window w, String what, Shape output) {
        Shape in = c.input();
        long rows = dropped(span(in.height(), w.padTop(), w.padBottom(), w.effectiveKernelH()), w.strideH(), w.padBottom());
        long cols = dropped(span(in.width(), w.padLeft(), w.padRight(), w.effectiveKernelW()), w.strideW(), w.padRight());
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
