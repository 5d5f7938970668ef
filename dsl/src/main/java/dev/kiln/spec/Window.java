package dev.kiln.spec;

/**
 * A sliding window over {@code (H, W)}: kernel, stride, dilation and the padding on each of the
 * four sides (top/bottom and left/right differ only with {@code same} padding).
 */
public record Window(int kernelH, int kernelW, int strideH, int strideW,
                     int padTop, int padBottom, int padLeft, int padRight,
                     int dilationH, int dilationW) {

    /** A window with the same padding on both sides of each dimension. */
    public static Window symmetric(int kernelH, int kernelW, int strideH, int strideW,
                                   int padH, int padW, int dilationH, int dilationW) {
        return new Window(kernelH, kernelW, strideH, strideW, padH, padH, padW, padW, dilationH, dilationW);
    }

    /**
     * Keras' {@code padding='same'}: output {@code ceil(in / stride)}, total padding
     * {@code max((out - 1) stride + dilation (k - 1) + 1 - in, 0)}, the smaller half at the top/left.
     */
    public static Window same(int inH, int inW, int kernelH, int kernelW, int strideH, int strideW,
                              int dilationH, int dilationW) {
        int totalH = samePadding(inH, kernelH, strideH, dilationH);
        int totalW = samePadding(inW, kernelW, strideW, dilationW);
        return new Window(kernelH, kernelW, strideH, strideW,
                totalH / 2, totalH - totalH / 2, totalW / 2, totalW - totalW / 2, dilationH, dilationW);
    }

    /** Total padding {@code same} needs along one dimension. */
    public static int samePadding(int in, int kernel, int stride, int dilation) {
        long out = ceilDiv(in, stride);
        long total = (out - 1) * stride + (long) dilation * (kernel - 1) + 1 - in;
        return (int) Math.max(total, 0);
    }

    /** The dilated kernel's extent: {@code dilation (k - 1) + 1}. */
    public int effectiveKernelH() {
        return dilationH * (kernelH - 1) + 1;
    }

    public int effectiveKernelW() {
        return dilationW * (kernelW - 1) + 1;
    }

    /** Output height: {@code floor((in + padTop + padBottom - effectiveKernel) / stride) + 1}; below 1 if the window does not fit. */
    public long outputHeight(int inH) {
        return outputHeight(inH, false);
    }

    public long outputWidth(int inW) {
        return outputWidth(inW, false);
    }

    /** Output height, rounding up with {@code ceil} as PyTorch's pooling {@code ceil_mode} ({@link #outputSize}). */
    public long outputHeight(int inH, boolean ceil) {
        return outputSize(inH, padTop, padBottom, effectiveKernelH(), strideH, ceil);
    }

    public long outputWidth(int inW, boolean ceil) {
        return outputSize(inW, padLeft, padRight, effectiveKernelW(), strideW, ceil);
    }

    /** {@code floor((in + pad - effectiveKernel) / stride) + 1}, or a value below 1 when the window does not fit. */
    public static long outputSize(long in, long totalPad, long effectiveKernel, long stride) {
        long span = in + totalPad - effectiveKernel;
        if (span < 0) {
            return 0;
        }
        return span / stride + 1;
    }

    /**
     * Output size along one dimension. Floor: {@code floor((in + padBefore + padAfter - effectiveKernel) / stride) + 1}.
     * Ceil (PyTorch's {@code ceil_mode}): {@code ceil(...) + 1}, less one when the last window would start at or
     * after {@code in + padBefore} (a window starting inside the input or its left padding is kept; PyTorch's
     * {@code pooling_output_shape}). Below 1 when no window fits.
     */
    public static long outputSize(long in, long padBefore, long padAfter, long effectiveKernel, long stride, boolean ceil) {
        long span = in + padBefore + padAfter - effectiveKernel;
        if (!ceil) {
            return span < 0 ? 0 : span / stride + 1;
        }
        long out = Math.floorDiv(span + stride - 1, stride) + 1;
        if (out > 0 && (out - 1) * stride >= in + padBefore) {
            out--;
        }
        return Math.max(out, 0);
    }

    private static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }

    /**
     * The input row that kernel row {@code kernelRow} of output row {@code outRow} reads:
     * {@code outRow * strideH - padTop + kernelRow * dilationH}, outside {@code [0, H)} in the padding.
     */
    public int inputRow(int outRow, int kernelRow) {
        return outRow * strideH - padTop + kernelRow * dilationH;
    }

    /** The input column kernel column {@code kernelColumn} of output column {@code outColumn} reads (as {@link #inputRow}). */
    public int inputColumn(int outColumn, int kernelColumn) {
        return outColumn * strideW - padLeft + kernelColumn * dilationW;
    }

    /**
     * The first output row or column of an {@code inH x inW} input whose window lies entirely in the
     * padding ({@code "output row 3"}), or null when every window reads the input (PyTorch requires it
     * of pooling by allowing padding of at most half the kernel).
     */
    public String emptyWindow(int inH, int inW) {
        return emptyWindow(inH, inW, false);
    }

    /** As {@link #emptyWindow(int, int)} for the output sizes of {@code ceil} ({@link #outputSize}). */
    public String emptyWindow(int inH, int inW, boolean ceil) {
        // each output row
        for (int oh = 0; oh < outputHeight(inH, ceil); oh++) {
            if (!readsInput(inputRow(oh, 0), kernelH, dilationH, inH)) {
                return "output row " + oh;
            }
        }
        // each output column
        for (int ow = 0; ow < outputWidth(inW, ceil); ow++) {
            if (!readsInput(inputColumn(ow, 0), kernelW, dilationW, inW)) {
                return "output column " + ow;
            }
        }
        return null;
    }

    private static boolean readsInput(int start, int kernel, int dilation, int size) {
        // each window position
        for (int k = 0; k < kernel; k++) {
            int p = start + k * dilation;
            if (p >= 0 && p < size) {
                return true;
            }
        }
        return false;
    }

    /** {@code 5x5}, or {@code 3x5} for a rectangular kernel. */
    public String kernelText() {
        return kernelH + "x" + kernelW;
    }
}
