package dev.kiln.runtime.reference;

import dev.kiln.spec.Pool2dOp;
import dev.kiln.spec.Shape;
import dev.kiln.spec.Window;
import java.util.Arrays;

/**
 * Max and average pooling, channel by channel, forward and backward.
 *
 * <pre>
 *   x (N, C, H, W)  -&gt;  y (N, C, OH, OW)
 *   window of output (oh, ow): rows oh*sh - padTop + kh*dh, columns ow*sw - padLeft + kw*dw
 * </pre>
 * Max pooling treats padding as -infinity (it is skipped) and follows PyTorch's comparison
 * {@code v > max || isNaN(v)} in row-major window order: ties go to the first maximum, a NaN
 * makes the result NaN (the last NaN is the argmax), and the argmax is always a position inside
 * the input. Average pooling counts padding as zeros and always divides by {@code kh * kw}
 * (PyTorch's {@code count_include_pad=True}).
 */
final class ReferencePool {
    private ReferencePool() {
    }

    /** Max pooling; {@code argmax} receives, per output element, the flat index into {@code x} of its maximum. */
    static void maxForward(Pool2dOp layer, double[] x, double[] y, int[] argmax, int batch) {
        Geometry g = new Geometry(layer);
        // each image
        for (int n = 0; n < batch; n++) {
            // each channel
            for (int c = 0; c < g.channels; c++) {
                // each output row
                for (int oh = 0; oh < g.outH; oh++) {
                    // each output column
                    for (int ow = 0; ow < g.outW; ow++) {
                        double max = Double.NEGATIVE_INFINITY;
                        int best = -1; // the first in-range position starts it, so the argmax is always valid
                        // each window row
                        for (int kh = 0; kh < g.w.kernelH(); kh++) {
                            int ih = oh * g.w.strideH() - g.w.padTop() + kh * g.w.dilationH();
                            if (ih < 0 || ih >= g.inH) {
                                continue;
                            }
                            // each window column
                            for (int kw = 0; kw < g.w.kernelW(); kw++) {
                                int iw = ow * g.w.strideW() - g.w.padLeft() + kw * g.w.dilationW();
                                if (iw < 0 || iw >= g.inW) {
                                    continue;
                                }
                                int xi = ((n * g.channels + c) * g.inH + ih) * g.inW + iw;
                                double v = x[xi];
                                if (best < 0 || v > max || Double.isNaN(v)) {
                                    max = v;
                                    best = xi;
                                }
                            }
                        }
                        int yi = ((n * g.channels + c) * g.outH + oh) * g.outW + ow;
                        y[yi] = max;
                        argmax[yi] = best;
                    }
                }
            }
        }
    }

    /** Routes each output gradient to its argmax; assigns {@code dx}. */
    static void maxBackward(Pool2dOp layer, double[] dy, int[] argmax, double[] dx, int batch) {
        Arrays.fill(dx, 0, Math.toIntExact(batch * layer.input().size()), 0);
        int outSize = layer.output().intSize();
        // each output element of the batch
        for (int i = 0; i < batch * outSize; i++) {
            dx[argmax[i]] += dy[i];
        }
    }

    static void avgForward(Pool2dOp layer, double[] x, double[] y, int batch) {
        Geometry g = new Geometry(layer);
        double divisor = (double) g.w.kernelH() * g.w.kernelW();
        // each image
        for (int n = 0; n < batch; n++) {
            // each channel
            for (int c = 0; c < g.channels; c++) {
                // each output row
                for (int oh = 0; oh < g.outH; oh++) {
                    // each output column
                    for (int ow = 0; ow < g.outW; ow++) {
                        double sum = 0;
                        // each window row
                        for (int kh = 0; kh < g.w.kernelH(); kh++) {
                            int ih = oh * g.w.strideH() - g.w.padTop() + kh * g.w.dilationH();
                            if (ih < 0 || ih >= g.inH) {
                                continue;
                            }
                            // each window column
                            for (int kw = 0; kw < g.w.kernelW(); kw++) {
                                int iw = ow * g.w.strideW() - g.w.padLeft() + kw * g.w.dilationW();
                                if (iw >= 0 && iw < g.inW) {
                                    sum += x[((n * g.channels + c) * g.inH + ih) * g.inW + iw];
                                }
                            }
                        }
                        y[((n * g.channels + c) * g.outH + oh) * g.outW + ow] = sum / divisor;
                    }
                }
            }
        }
    }

    /** Spreads each output gradient evenly ({@code 1 / (kh kw)}) over its window's in-range positions; assigns {@code dx}. */
    static void avgBackward(Pool2dOp layer, double[] dy, double[] dx, int batch) {
        Geometry g = new Geometry(layer);
        double divisor = (double) g.w.kernelH() * g.w.kernelW();
        Arrays.fill(dx, 0, batch * g.channels * g.inH * g.inW, 0);
        // each image
        for (int n = 0; n < batch; n++) {
            // each channel
            for (int c = 0; c < g.channels; c++) {
                // each output row
                for (int oh = 0; oh < g.outH; oh++) {
                    // each output column
                    for (int ow = 0; ow < g.outW; ow++) {
                        double share = dy[((n * g.channels + c) * g.outH + oh) * g.outW + ow] / divisor;
                        // each window row
                        for (int kh = 0; kh < g.w.kernelH(); kh++) {
                            int ih = oh * g.w.strideH() - g.w.padTop() + kh * g.w.dilationH();
                            if (ih < 0 || ih >= g.inH) {
                                continue;
                            }
                            // each window column
                            for (int kw = 0; kw < g.w.kernelW(); kw++) {
                                int iw = ow * g.w.strideW() - g.w.padLeft() + kw * g.w.dilationW();
                                if (iw >= 0 && iw < g.inW) {
                                    dx[((n * g.channels + c) * g.inH + ih) * g.inW + iw] += share;
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /**
     * Whether some window of a pooling layer lies entirely in the padding (PyTorch forbids it by
     * requiring padding of at most half the kernel); returns a description of the first one, or null.
     */
    static String emptyWindow(Pool2dOp layer) {
        Geometry g = new Geometry(layer);
        // each output row
        for (int oh = 0; oh < g.outH; oh++) {
            if (!anyInside(oh * g.w.strideH() - g.w.padTop(), g.w.kernelH(), g.w.dilationH(), g.inH)) {
                return "output row " + oh;
            }
        }
        // each output column
        for (int ow = 0; ow < g.outW; ow++) {
            if (!anyInside(ow * g.w.strideW() - g.w.padLeft(), g.w.kernelW(), g.w.dilationW(), g.inW)) {
                return "output column " + ow;
            }
        }
        return null;
    }

    private static boolean anyInside(int start, int kernel, int dilation, int size) {
        // each window position
        for (int k = 0; k < kernel; k++) {
            int p = start + k * dilation;
            if (p >= 0 && p < size) {
                return true;
            }
        }
        return false;
    }

    /** The sizes every loop reads, taken once from the layer. */
    private static final class Geometry {
        final Window w;
        final int channels, inH, inW, outH, outW;

        Geometry(Pool2dOp layer) {
            Shape in = layer.input();
            Shape out = layer.output();
            w = layer.window();
            channels = in.channels();
            inH = in.height();
            inW = in.width();
            outH = out.height();
            outW = out.width();
        }
    }
}
