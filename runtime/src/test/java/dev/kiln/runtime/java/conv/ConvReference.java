package dev.kiln.runtime.java.conv;

/**
 * A 2-D convolution by its definition, in double: nested loops, one comment per loop, nothing shared
 * with {@link Convolution} but {@link ConvShape}'s output size. PyTorch's semantics: weights
 * {@code (filters, in/groups, kh, kw)}, filter {@code m} reads input channels of group {@code m / (filters/groups)}.
 */
final class ConvReference {
    private ConvReference() {
    }

    /** The input pixel that padded position {@code (py, px)} (relative to the input's origin) reads, or -1 for a zero. */
    private static int pixel(ConvShape s, int c, int y, int x) {
        if (s.replicate()) {
            y = Math.min(Math.max(y, 0), s.inH() - 1);
            x = Math.min(Math.max(x, 0), s.inW() - 1);
        } else if (y < 0 || y >= s.inH() || x < 0 || x >= s.inW()) {
            return -1;
        }
        return (c * s.inH() + y) * s.inW() + x;
    }

    /** {@code (batch, filters, outH, outW)}: bias plus the window sums, before any activation. */
    static double[] forward(ConvShape s, float[] w, int wOff, float[] bias, int bOff, float[] in, int inOff, int batch) {
        int oh = s.outH();
        int ow = s.outW();
        int mg = s.groupFilters();
        int cg = s.groupChannels();
        double[] out = new double[batch * s.outSize()];
        // every image
        for (int n = 0; n < batch; n++) {
            // every filter
            for (int m = 0; m < s.filters(); m++) {
                int g = m / mg;
                // every output position
                for (int oy = 0; oy < oh; oy++) {
                    for (int ox = 0; ox < ow; ox++) {
                        double sum = bias == null ? 0 : bias[bOff + m];
                        // every input channel of the filter's group, every kernel element
                        for (int cl = 0; cl < cg; cl++) {
                            for (int ky = 0; ky < s.kernelH(); ky++) {
                                for (int kx = 0; kx < s.kernelW(); kx++) {
                                    int p = pixel(s, g * cg + cl, oy * s.strideH() - s.padTop() + ky * s.dilationH(),
                                            ox * s.strideW() - s.padLeft() + kx * s.dilationW());
                                    if (p >= 0) {
                                        sum += (double) w[wOff + ((m * cg + cl) * s.kernelH() + ky) * s.kernelW() + kx]
                                                * in[inOff + n * s.inSize() + p];
                                    }
                                }
                            }
                        }
                        out[((n * s.filters() + m) * oh + oy) * ow + ox] = sum;
                    }
                }
            }
        }
        return out;
    }

    /** {@code (batch, filters, outH, outW)}: the sum of the products' magnitudes {@code sum |w x|} of each output, a scale for rounding errors. */
    static double[] magnitude(ConvShape s, float[] w, int wOff, float[] in, int inOff, int batch) {
        float[] absW = new float[w.length];
        float[] absIn = new float[in.length];
        for (int i = 0; i < w.length; i++) {
            absW[i] = Math.abs(w[i]);
        }
        for (int i = 0; i < in.length; i++) {
            absIn[i] = Math.abs(in[i]);
        }
        return forward(s, absW, wOff, null, 0, absIn, inOff, batch);
    }

    /** {@code (batch, in channels, inH, inW)}: each output gradient sent back to every pixel its window read. */
    static double[] inputGradient(ConvShape s, float[] w, int wOff, float[] dy, int dyOff, int batch) {
        int oh = s.outH();
        int ow = s.outW();
        int mg = s.groupFilters();
        int cg = s.groupChannels();
        double[] dx = new double[batch * s.inSize()];
        // every image, filter, output position, input channel of the group and kernel element
        for (int n = 0; n < batch; n++) {
            for (int m = 0; m < s.filters(); m++) {
                int g = m / mg;
                for (int oy = 0; oy < oh; oy++) {
                    for (int ox = 0; ox < ow; ox++) {
                        double d = dy[dyOff + ((n * s.filters() + m) * oh + oy) * ow + ox];
                        for (int cl = 0; cl < cg; cl++) {
                            for (int ky = 0; ky < s.kernelH(); ky++) {
                                for (int kx = 0; kx < s.kernelW(); kx++) {
                                    int p = pixel(s, g * cg + cl, oy * s.strideH() - s.padTop() + ky * s.dilationH(),
                                            ox * s.strideW() - s.padLeft() + kx * s.dilationW());
                                    if (p >= 0) {
                                        dx[n * s.inSize() + p] += d * w[wOff + ((m * cg + cl) * s.kernelH() + ky) * s.kernelW() + kx];
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return dx;
    }

    /** {@code [0]}: the weight gradient {@code (filters, in/groups, kh, kw)}; {@code [1]}: the bias gradient, summed over the batch. */
    static double[][] weightGradients(ConvShape s, float[] in, int inOff, float[] dy, int dyOff, int batch) {
        int oh = s.outH();
        int ow = s.outW();
        int mg = s.groupFilters();
        int cg = s.groupChannels();
        double[] dw = new double[s.filters() * s.k()];
        double[] db = new double[s.filters()];
        // every image, filter and output position
        for (int n = 0; n < batch; n++) {
            for (int m = 0; m < s.filters(); m++) {
                int g = m / mg;
                for (int oy = 0; oy < oh; oy++) {
                    for (int ox = 0; ox < ow; ox++) {
                        double d = dy[dyOff + ((n * s.filters() + m) * oh + oy) * ow + ox];
                        db[m] += d;
                        // every weight of the filter: the pixel it multiplied
                        for (int cl = 0; cl < cg; cl++) {
                            for (int ky = 0; ky < s.kernelH(); ky++) {
                                for (int kx = 0; kx < s.kernelW(); kx++) {
                                    int p = pixel(s, g * cg + cl, oy * s.strideH() - s.padTop() + ky * s.dilationH(),
                                            ox * s.strideW() - s.padLeft() + kx * s.dilationW());
                                    if (p >= 0) {
                                        dw[((m * cg + cl) * s.kernelH() + ky) * s.kernelW() + kx] += d * in[inOff + n * s.inSize() + p];
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return new double[][] {dw, db};
    }
}
