package dev.kiln.reference;

import dev.kiln.spec.AvgPool2dOp;
import dev.kiln.spec.Shape;
import dev.kiln.spec.Window;
import java.util.Arrays;
import java.util.List;

/**
 * Average pooling, channel by channel, forward and backward.
 *
 * <pre>
 *   x (N, C, H, W)  -&gt;  y (N, C, OH, OW)
 *   window of output (oh, ow): rows oh*sh - padTop + kh*dh, columns ow*sw - padLeft + kw*dw
 * </pre>
 * Padding counts as zeros. The divisor is PyTorch's ({@code avg_pool2d}'s CPU kernel): with
 * {@code count_include_pad} the window clipped to the padded input, rows {@code [-padTop, H + padBottom)} and
 * columns alike ({@code kh * kw} except for a ceil-mode window hanging past the padding); without it, the window
 * clipped to the input.
 */
final class ReferenceAvgPool implements ReferenceLayer {
    private final AvgPool2dOp layer;
    private final LayerCall call;

    ReferenceAvgPool(AvgPool2dOp layer, LayerCall call) {
        this.layer = layer;
        this.call = call;
    }

    @Override
    public void forward(List<double[]> xs, double[] z) {
        avgForward(xs.get(0), z);
    }

    @Override
    public void backward(List<double[]> xs, double[] dz, double[] grads, List<double[]> dxs) {
        avgBackward(dz, dxs.get(0));
    }

    /** The mean of the window's scales, and the sum's rounding over its {@code kh kw} terms. */
    @Override
    public void forwardScale(List<double[]> xs, List<double[]> exs, double[] z, double[] ez) {
        double[] own = new double[z.length];
        avgForward(exs.get(0), ez);
        avgForward(ReferenceScales.abs(xs.get(0)), own);
        System.arraycopy(ReferenceScales.plusScaled(ez, Math.sqrt(area()), own), 0, ez, 0, ez.length);
    }

    @Override
    public void backwardScale(List<double[]> xs, List<double[]> exs, double[] dz, double[] edz, List<double[]> dxs,
                              double[] gradScales, List<double[]> edxs) {
        double[] edx = edxs.get(0);
        double[] own = new double[edx.length];
        avgBackward(edz, edx);
        avgBackward(ReferenceScales.abs(dz), own);
        System.arraycopy(ReferenceScales.plusScaled(edx, Math.sqrt(area()), own), 0, edx, 0, edx.length);
    }

    private double area() {
        return (double) layer.window().kernelH() * layer.window().kernelW();
    }

    /** What output {@code (oh, ow)} divides by, as PyTorch computes {@code divide_factor} (pooling has dilation 1). */
    private double divisor(int oh, int ow) {
        Window w = layer.window();
        Shape in = layer.input();
        int hStart = oh * w.strideH() - w.padTop();
        int wStart = ow * w.strideW() - w.padLeft();
        int hEnd = Math.min(hStart + w.kernelH(), in.height() + w.padBottom());
        int wEnd = Math.min(wStart + w.kernelW(), in.width() + w.padRight());
        if (layer.countIncludePad()) {
            return (double) (hEnd - hStart) * (wEnd - wStart);
        }
        return (double) (Math.min(hEnd, in.height()) - Math.max(hStart, 0)) * (Math.min(wEnd, in.width()) - Math.max(wStart, 0));
    }

    private void avgForward(double[] x, double[] y) {
        Shape in = layer.input();
        Shape out = layer.output();
        Window w = layer.window();
        int channels = in.channels(), inH = in.height(), inW = in.width(), outH = out.height(), outW = out.width();
        // each image
        for (int n = 0; n < call.batch(); n++) {
            // each channel
            for (int c = 0; c < channels; c++) {
                // each output row
                for (int oh = 0; oh < outH; oh++) {
                    // each output column
                    for (int ow = 0; ow < outW; ow++) {
                        double divisor = divisor(oh, ow);
                        double sum = 0;
                        // each window row
                        for (int kh = 0; kh < w.kernelH(); kh++) {
                            int ih = w.inputRow(oh, kh);
                            if (ih < 0 || ih >= inH) {
                                continue;
                            }
                            // each window column
                            for (int kw = 0; kw < w.kernelW(); kw++) {
                                int iw = w.inputColumn(ow, kw);
                                if (iw >= 0 && iw < inW) {
                                    sum += x[((n * channels + c) * inH + ih) * inW + iw];
                                }
                            }
                        }
                        y[((n * channels + c) * outH + oh) * outW + ow] = sum / divisor;
                    }
                }
            }
        }
    }

    /** Spreads each output gradient evenly ({@code 1 / (kh kw)}) over its window's in-range positions; assigns {@code dx}. */
    private void avgBackward(double[] dy, double[] dx) {
        Shape in = layer.input();
        Shape out = layer.output();
        Window w = layer.window();
        int channels = in.channels(), inH = in.height(), inW = in.width(), outH = out.height(), outW = out.width();
        Arrays.fill(dx, 0, call.batch() * channels * inH * inW, 0);
        // each image
        for (int n = 0; n < call.batch(); n++) {
            // each channel
            for (int c = 0; c < channels; c++) {
                // each output row
                for (int oh = 0; oh < outH; oh++) {
                    // each output column
                    for (int ow = 0; ow < outW; ow++) {
                        double share = dy[((n * channels + c) * outH + oh) * outW + ow] / divisor(oh, ow);
                        // each window row
                        for (int kh = 0; kh < w.kernelH(); kh++) {
                            int ih = w.inputRow(oh, kh);
                            if (ih < 0 || ih >= inH) {
                                continue;
                            }
                            // each window column
                            for (int kw = 0; kw < w.kernelW(); kw++) {
                                int iw = w.inputColumn(ow, kw);
                                if (iw >= 0 && iw < inW) {
                                    dx[((n * channels + c) * inH + ih) * inW + iw] += share;
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
