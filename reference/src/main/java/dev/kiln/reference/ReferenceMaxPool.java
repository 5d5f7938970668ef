package dev.kiln.reference;

import dev.kiln.spec.MaxPool2dOp;
import dev.kiln.spec.Shape;
import dev.kiln.spec.Window;
import java.util.Arrays;
import java.util.List;

/**
 * Max pooling, channel by channel, forward and backward.
 *
 * <pre>
 *   x (N, C, H, W)  -&gt;  y (N, C, OH, OW)
 *   window of output (oh, ow): rows oh*sh - padTop + kh*dh, columns ow*sw - padLeft + kw*dw
 * </pre>
 * Padding is -infinity (it is skipped), and the comparison is PyTorch's {@code v > max || isNaN(v)}
 * in row-major window order: ties go to the first maximum, a NaN makes the result NaN (the last NaN
 * is the argmax), and the argmax is always a position inside the input.
 */
final class ReferenceMaxPool implements ReferenceLayer {
    private final MaxPool2dOp layer;
    private final LayerCall call;
    /** Per output element of the forward, the flat index into {@code x} of its maximum. */
    private int[] argmax;

    ReferenceMaxPool(MaxPool2dOp layer, LayerCall call) {
        this.layer = layer;
        this.call = call;
    }

    @Override
    public void forward(List<double[]> xs, double[] z) {
        argmax = new int[z.length];
        maxForward(xs.get(0), z, argmax);
    }

    @Override
    public void backward(List<double[]> xs, double[] dz, double[] grads, List<double[]> dxs) {
        maxBackward(dz, dxs.get(0));
    }

    /** The largest scale in the window: the maximum moves no more than its inputs do. */
    @Override
    public void forwardScale(List<double[]> xs, List<double[]> exs, double[] z, double[] ez) {
        maxForward(exs.get(0), ez, new int[z.length]);
    }

    /** Overlapping windows add into one element, each addition with its rounding. */
    @Override
    public void backwardScale(List<double[]> xs, List<double[]> exs, double[] dz, double[] edz, List<double[]> dxs,
                              double[] gradScales, List<double[]> edxs) {
        double[] edx = edxs.get(0);
        double[] own = new double[edx.length];
        maxBackward(edz, edx);
        maxBackward(ReferenceScales.abs(dz), own);
        System.arraycopy(ReferenceScales.plus(edx, own), 0, edx, 0, edx.length);
    }

    /** The maximum of each window into {@code y}, its position into {@code positions}. */
    private void maxForward(double[] x, double[] y, int[] positions) {
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
                        double max = Double.NEGATIVE_INFINITY;
                        int best = -1; // the first in-range position starts it, so the argmax is always valid
                        // each window row
                        for (int kh = 0; kh < w.kernelH(); kh++) {
                            int ih = w.inputRow(oh, kh);
                            if (ih < 0 || ih >= inH) {
                                continue;
                            }
                            // each window column
                            for (int kw = 0; kw < w.kernelW(); kw++) {
                                int iw = w.inputColumn(ow, kw);
                                if (iw < 0 || iw >= inW) {
                                    continue;
                                }
                                int xi = ((n * channels + c) * inH + ih) * inW + iw;
                                double v = x[xi];
                                if (best < 0 || v > max || Double.isNaN(v)) {
                                    max = v;
                                    best = xi;
                                }
                            }
                        }
                        int yi = ((n * channels + c) * outH + oh) * outW + ow;
                        y[yi] = max;
                        positions[yi] = best;
                    }
                }
            }
        }
    }

    /** Routes each output gradient to the forward's argmax; assigns {@code dx}. */
    private void maxBackward(double[] dy, double[] dx) {
        Arrays.fill(dx, 0, Math.toIntExact(call.batch() * layer.input().size()), 0);
        int outSize = layer.output().intSize();
        // each output element of the batch
        for (int i = 0; i < call.batch() * outSize; i++) {
            dx[argmax[i]] += dy[i];
        }
    }
}
