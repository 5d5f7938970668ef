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
        return outputSize(inH, padTop + (long) padBottom, effectiveKernelH(), strideH);
    }

    public long outputWidth(int inW) {
        return outputSize(inW, padLeft + (long) padRight, effectiveKernelW(), strideW);
    }

    /** {@code floor((in + pad - effectiveKernel) / stride) + 1}, or a value below 1 when the window does not fit. */
    public static long outputSize(long in, long totalPad, long effectiveKernel, long stride) {
        long span = in + totalPad - effectiveKernel;
        if (span < 0) {
            return 0;
        }
        return span / stride + 1;
    }

    private static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }

    /** {@code 5x5}, or {@code 3x5} for a rectangular kernel. */
    public String kernelText() {
        return kernelH + "x" + kernelW;
    }
}
