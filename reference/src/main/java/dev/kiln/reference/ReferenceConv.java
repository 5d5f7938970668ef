package dev.kiln.reference;

import dev.kiln.dsl.PaddingMode;
import dev.kiln.spec.Conv2dOp;
import dev.kiln.spec.Shape;
import dev.kiln.spec.Window;
import java.util.Arrays;

/**
 * A 2-D convolution (cross-correlation) before its activation, forward and backward.
 *
 * <pre>
 *   x      (N, C, H, W)       input batch
 *   weight (F, C/G, KH, KW)   PyTorch layout, flat from weightOffset; G = groups
 *   bias   (F)                from biasOffset, or none (biasOffset &lt; 0)
 *   z      (N, F, OH, OW)     output before the activation
 *
 *   z[n,f,oh,ow] = bias[f] + sum_{c,kh,kw} weight[f,c,kh,kw] * x[n, g*C/G + c, oh*sh - padTop + kh*dh, ow*sw - padLeft + kw*dw]
 *   with g = f / (F/G), the filter's group, and c over the group's C/G channels
 * </pre>
 * A position outside the input reads zero ({@link PaddingMode#ZEROS}) or the nearest edge pixel
 * ({@link PaddingMode#REPLICATE}, which also routes that read's gradient to the edge pixel).
 */
final class ReferenceConv extends WeightedLayer {
    private final Conv2dOp layer;

    ReferenceConv(Conv2dOp layer, LayerCall call) {
        super(call);
        this.layer = layer;
    }

    @Override
    void forward(double[] params, double[] x, double[] z) {
        int weightOffset = call.weightOffset();
        int biasOffset = call.biasOffset();
        int batch = call.batch();
        Shape in = layer.input();
        Shape out = layer.output();
        Window w = layer.window();
        boolean replicate = layer.paddingMode() == PaddingMode.REPLICATE;
        int c0 = in.channels(), h0 = in.height(), w0 = in.width();
        int f0 = out.channels(), oh0 = out.height(), ow0 = out.width();
        int kh0 = w.kernelH(), kw0 = w.kernelW();
        int cg = layer.groupChannels(), fg = layer.groupFilters();
        // each image
        for (int n = 0; n < batch; n++) {
            // each filter (output channel)
            for (int f = 0; f < f0; f++) {
                // each output row
                for (int oh = 0; oh < oh0; oh++) {
                    // each output column
                    for (int ow = 0; ow < ow0; ow++) {
                        double sum = biasOffset >= 0 ? params[biasOffset + f] : 0;
                        // each input channel of the filter's group
                        for (int c = 0; c < cg; c++) {
                            int ic = f / fg * cg + c;
                            // each kernel row
                            for (int kh = 0; kh < kh0; kh++) {
                                int ih = source(w.inputRow(oh, kh), h0, replicate);
                                if (ih < 0) {
                                    continue;
                                }
                                // each kernel column
                                for (int kw = 0; kw < kw0; kw++) {
                                    int iw = source(w.inputColumn(ow, kw), w0, replicate);
                                    if (iw < 0) {
                                        continue;
                                    }
                                    sum += params[weightOffset + ((f * cg + c) * kh0 + kh) * kw0 + kw]
                                            * x[((n * c0 + ic) * h0 + ih) * w0 + iw];
                                }
                            }
                        }
                        z[((n * f0 + f) * oh0 + oh) * ow0 + ow] = sum;
                    }
                }
            }
        }
    }

    @Override
    void backward(double[] params, double[] x, double[] dz, double[] grads, double[] dx) {
        int weightOffset = call.weightOffset();
        int biasOffset = call.biasOffset();
        int batch = call.batch();
        Shape in = layer.input();
        Shape out = layer.output();
        Window w = layer.window();
        boolean replicate = layer.paddingMode() == PaddingMode.REPLICATE;
        int c0 = in.channels(), h0 = in.height(), w0 = in.width();
        int f0 = out.channels(), oh0 = out.height(), ow0 = out.width();
        int kh0 = w.kernelH(), kw0 = w.kernelW();
        int cg = layer.groupChannels(), fg = layer.groupFilters();
        if (dx != null) {
            Arrays.fill(dx, 0, batch * c0 * h0 * w0, 0);
        }
        // each image
        for (int n = 0; n < batch; n++) {
            // each filter (output channel)
            for (int f = 0; f < f0; f++) {
                // each output row
                for (int oh = 0; oh < oh0; oh++) {
                    // each output column
                    for (int ow = 0; ow < ow0; ow++) {
                        double g = dz[((n * f0 + f) * oh0 + oh) * ow0 + ow];
                        if (biasOffset >= 0) {
                            grads[biasOffset + f] += g;
                        }
                        // each input channel of the filter's group
                        for (int c = 0; c < cg; c++) {
                            int ic = f / fg * cg + c;
                            // each kernel row
                            for (int kh = 0; kh < kh0; kh++) {
                                int ih = source(w.inputRow(oh, kh), h0, replicate);
                                if (ih < 0) {
                                    continue;
                                }
                                // each kernel column
                                for (int kw = 0; kw < kw0; kw++) {
                                    int iw = source(w.inputColumn(ow, kw), w0, replicate);
                                    if (iw < 0) {
                                        continue;
                                    }
                                    int wi = weightOffset + ((f * cg + c) * kh0 + kh) * kw0 + kw;
                                    int xi = ((n * c0 + ic) * h0 + ih) * w0 + iw;
                                    grads[wi] += g * x[xi];
                                    if (dx != null) {
                                        dx[xi] += g * params[wi];
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /** The input row or column a padded position reads: clamped when replicating, -1 (nothing) outside with zeros. */
    static int source(int position, int size, boolean replicate) {
        if (position >= 0 && position < size) {
            return position;
        }
        return replicate ? Math.min(Math.max(position, 0), size - 1) : -1;
    }
}
