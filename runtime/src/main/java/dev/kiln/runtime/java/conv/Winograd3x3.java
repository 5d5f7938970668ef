package dev.kiln.runtime.java.conv;

import dev.kiln.runtime.java.Gemm;

/**
 * A 3x3, stride-1 convolution by Winograd's minimal filtering F(2x2, 3x3) (Lavin and Gray, 2015): each
 * 2x2 block of outputs ("tile") from its 4x4 input patch {@code d} as
 *
 * <pre>
 *   Y = A^T [ U (.) V ] A,    U = G g G^T (per filter and channel),  V = B^T d B (per channel and tile)
 *
 *   B^T = | 1  0 -1  0 |     G = | 1    0    0   |     A^T = | 1  1  1  0 |
 *         | 0  1  1  0 |         | 1/2  1/2  1/2 |           | 0  1 -1 -1 |
 *         | 0 -1  1  0 |         | 1/2 -1/2  1/2 |
 *         | 0  1  0 -1 |         | 0    0    1   |
 * </pre>
 *
 * <p>so the sum over channels becomes 16 matrix products {@code M_xi = U_xi V_xi} (filters x channels
 * times channels x tiles), 16 multiplies per tile and channel instead of 36: 2.25x fewer. The price is
 * rounding: the transforms add up to four inputs, so the error against the double-precision reference
 * is a few times the direct convolution's (stated in {@code WinogradTest} and the notes).
 *
 * <p>Layout. The input is written to {@link SourcePlanes} split by 2x2 phase, so that patch element
 * {@code (r, s)} of tile {@code (ty, tx)} is {@code plane(c, r%2, s%2)[ty + r/2][tx + s/2]}: with tiles
 * numbered in that plane's q-space, {@code t = ty * Wph + tx}, every patch element of consecutive tiles is a
 * contiguous run, and the input transform runs along {@code t} in whole vectors ({@code tx = Wph - 1} is an
 * unused tile). {@code V} holds {@code [xi][c][t]} for a block of tiles that stays in L2 (taken in image order, so a block
 * may hold the end of one image and the start of the next),
 * {@code U} is {@code [xi][m][c]} (transformed once per weights: {@link #transformWeights}), the products
 * {@code [xi][m][t]}; the output transform writes each filter's tiles out with bias, residual and ReLU.
 * Parts (a layer split across workers) split the filters; each part transforms the input itself.
 */
public final class Winograd3x3 {
    private static final int MR = Tiles.MR;
    private static final int NRL = Tiles.NRL;
    /** Floats of V and the products together for one block of tiles, at most, unless one tile panel needs more: they stay in L2. */
    static final int BLOCK_FLOATS = 1 << 17;

    private final ConvShape s;
    private final SourcePlanes planes;
    private final int c;
    private final int m;
    private final int mPad;
    private final int outH;
    private final int outW;
    private final int th;
    private final int tw;
    private final int wph;
    /** Tiles of one image in q-space, unused column included. */
    private final int tImg;
    /** Tiles per block: whole tile panels, as many as keep V and the products within {@link #BLOCK_FLOATS}. */
    private final int block;
    /** Tile columns of V and of the products: a block and one vector more (the transforms run in whole vectors). */
    private final int tCols;
    private final int[] patch = new int[16];
    private final int srcFloats;

    /** Whether {@code s} is a convolution this class computes: 3x3, stride 1, no dilation, one group. */
    public static boolean applies(ConvShape s) {
        return s.kernelH() == 3 && s.kernelW() == 3 && s.strideH() == 1 && s.strideW() == 1 && s.dilationH() == 1
                && s.dilationW() == 1 && s.groups() == 1;
    }

    public Winograd3x3(ConvShape shape) {
        if (!applies(shape)) {
            throw new IllegalArgumentException("Winograd F(2x2, 3x3) needs a 3x3 kernel, stride 1, no dilation and one group: " + shape);
        }
        this.s = shape;
        this.c = shape.inChannels();
        this.m = shape.filters();
        this.mPad = (m + MR - 1) / MR * MR;
        this.outH = shape.outH();
        this.outW = shape.outW();
        this.th = (outH + 1) / 2;
        this.tw = (outW + 1) / 2;
        // the padded image rounded up to even sizes has exactly th + 1 phase rows and tw + 1 phase columns
        this.planes = new SourcePlanes(c, shape.inH(), shape.inW(), shape.padTop(), shape.padBottom(), shape.padLeft(),
                shape.padRight(), 2, 2, shape.replicate());
        this.wph = planes.wph;
        this.tImg = th * wph;
        this.block = Math.max(1, BLOCK_FLOATS / (16 * (c + mPad) * NRL)) * NRL;
        this.tCols = block + Tiles.LANES;
        for (int r = 0; r < 4; r++) {
            for (int q = 0; q < 4; q++) {
                patch[4 * r + q] = planes.planeAt(0, r % 2, q % 2) + (r / 2) * wph + q / 2;
            }
        }
        this.srcFloats = c * planes.channelFloats() + SourcePlanes.roundUp(tImg, Tiles.LANES) + wph + 2;
    }

    public ConvShape shape() {
        return s;
    }

    /** Floats of the transformed weights {@code U}: 16 x filters x channels. */
    public int transformedWeightFloats() {
        return 16 * m * c;
    }

    /** A workspace for {@link #forward}. */
    public WinogradWorkspace newWorkspace() {
        int[] n = workspaceSizes();
        return new WinogradWorkspace(n[0], n[1], n[2], n[3], n[4]);
    }

    /** Source planes, V, products, output tiles (floats) and segments of a workspace. */
    int[] workspaceSizes() {
        return new int[] {srcFloats, 16 * c * tCols, 16 * mPad * tCols, 4 * SourcePlanes.roundUp(block, Tiles.LANES) + Tiles.LANES, block + 2};
    }

    /** Floats a workspace holds, without making one. */
    public long workspaceFloats() {
        return srcFloats + 16L * c * tCols + 16L * mPad * tCols + 4L * SourcePlanes.roundUp(block, Tiles.LANES) + Tiles.LANES;
    }

    /**
     * {@code u[uOff + (xi * filters + m) * channels + c] = (G g G^T)[xi]} for the 3x3 kernel {@code g} of filter {@code m}
     * and channel {@code c} in {@code w} at {@code wOff} ({@code (filters, channels, 3, 3)}), computed in double.
     */
    public void transformWeights(float[] w, int wOff, float[] u, int uOff) {
        double[] gg = new double[12];
        for (int f = 0; f < m; f++) {
            for (int ch = 0; ch < c; ch++) {
                int g = wOff + (f * c + ch) * 9;
                // G g: 4 rows of 3
                for (int col = 0; col < 3; col++) {
                    double g0 = w[g + col];
                    double g1 = w[g + 3 + col];
                    double g2 = w[g + 6 + col];
                    gg[col] = g0;
                    gg[3 + col] = (g0 + g1 + g2) / 2;
                    gg[6 + col] = (g0 - g1 + g2) / 2;
                    gg[9 + col] = g2;
                }
                // (G g) G^T
                for (int row = 0; row < 4; row++) {
                    double a0 = gg[3 * row];
                    double a1 = gg[3 * row + 1];
                    double a2 = gg[3 * row + 2];
                    int at = uOff + ((4 * row) * m + f) * c + ch;
                    u[at] = (float) a0;
                    u[at + m * c] = (float) ((a0 + a1 + a2) / 2);
                    u[at + 2 * m * c] = (float) ((a0 - a1 + a2) / 2);
                    u[at + 3 * m * c] = (float) a2;
                }
            }
        }
    }

    /**
     * {@code out[n] = act(bias + conv(in[n]) (+ res[n]))} for images {@code [n0, n1)}, from the transformed weights
     * {@code u} ({@link #transformWeights}); part {@code part} of {@code parts} computes its share of the filters.
     */
    public void forward(float[] u, int uOff, float[] bias, int bOff, float[] in, int inOff, float[] out, int outOff,
                        float[] res, int resOff, boolean relu, int n0, int n1, int part, int parts, WinogradWorkspace ws) {
        int mPanels = mPad / MR;
        int mp0 = mPanels * part / parts;
        int mp1 = mPanels * (part + 1) / parts;
        if (mp0 == mp1) {
            return;
        }
        // blocks of tiles, in image order: segment k of a block is image segN[k]'s tiles [segT0[k], segT1[k]) at column segCol[k]
        int segments = 0;
        int filled = 0;
        for (int n = n0; n < n1; n++) {
            planes.write(in, inOff + n * s.inSize(), ws.src, c);
            for (int t0 = 0; t0 < tImg; ) {
                int t1 = Math.min(tImg, t0 + block - filled);
                for (int ch = 0; ch < c; ch++) {
                    WinogradTransforms.input(ws.src, ch * planes.channelFloats() + t0, patch, ws.v, ch * tCols + filled, c * tCols, t1 - t0);
                }
                ws.segN[segments] = n;
                ws.segT0[segments] = t0;
                ws.segT1[segments] = t1;
                ws.segCol[segments] = filled;
                segments++;
                filled += t1 - t0;
                t0 = t1;
                if (filled == block || (n == n1 - 1 && t0 == tImg)) {
                    multiply(u, uOff, ws, filled, mp0, mp1);
                    for (int k = 0; k < segments; k++) {
                        int image = ws.segN[k];
                        for (int f = mp0 * MR; f < Math.min(m, mp1 * MR); f++) {
                            int len = ws.segT1[k] - ws.segT0[k];
                            WinogradTransforms.output(ws.products, f * tCols + ws.segCol[k], mPad * tCols, ws.y, len);
                            scatter(ws.y, SourcePlanes.roundUp(len, Tiles.LANES), ws.segT0[k], ws.segT1[k], bias == null ? 0f : bias[bOff + f],
                                    out, outOff + image * s.outSize() + f * outH * outW, res, resOff + image * s.outSize() + f * outH * outW,
                                    relu);
                        }
                    }
                    segments = 0;
                    filled = 0;
                }
            }
        }
    }

    /** {@code M_xi = U_xi V_xi} for the filter panels {@code [mp0, mp1)} over the block's {@code tiles}. */
    private void multiply(float[] u, int uOff, WinogradWorkspace ws, int tiles, int mp0, int mp1) {
        int panels = (tiles + NRL - 1) / NRL;
        int last = m - 1;
        for (int xi = 0; xi < 16; xi++) {
            int uXi = uOff + xi * m * c;
            int vXi = xi * c * tCols;
            int mXi = xi * mPad * tCols;
            for (int p = 0; p < panels; p++) {
                int t0 = p * NRL;
                for (int k0 = 0; k0 < c; k0 += Convolution.K_BLOCK) {
                    int k1 = Math.min(c, k0 + Convolution.K_BLOCK);
                    for (int mp = mp0; mp < mp1; mp++) {
                        int f = mp * MR;
                        Tiles.tileStrided(u, uXi + Math.min(f, last) * c, uXi + Math.min(f + 1, last) * c, uXi + Math.min(f + 2, last) * c,
                                uXi + Math.min(f + 3, last) * c, uXi + Math.min(f + 4, last) * c, uXi + Math.min(f + 5, last) * c,
                                ws.v, vXi + t0, tCols, k0, k1, ws.products, mXi + f * tCols + t0, tCols, k0 > 0);
                    }
                }
            }
        }
    }

    /**
     * One filter's tiles {@code [t0, t1)} of an image, their outputs in {@code y[4][stride]} (y00, y01, y10, y11 from tile
     * {@code t0} on), into its output plane at {@code at}, finished.
     */
    private void scatter(float[] y, int stride, int t0, int t1, float bias, float[] out, int at, float[] res, int resAt, boolean relu) {
        for (int t = t0; t < t1; t++) {
            int ty = t / wph;
            int tx = t - ty * wph;
            if (tx >= tw) {
                continue;
            }
            int j = t - t0;
            int ox = 2 * tx;
            for (int i = 0; i < 2 && 2 * ty + i < outH; i++) {
                int o = (2 * ty + i) * outW + ox;
                out[at + o] = finish(y[2 * i * stride + j] + bias, res, resAt + o, relu);
                if (ox + 1 < outW) {
                    out[at + o + 1] = finish(y[(2 * i + 1) * stride + j] + bias, res, resAt + o + 1, relu);
                }
            }
        }
    }

    private static float finish(float v, float[] res, int r, boolean relu) {
        if (res != null) {
            v += res[r];
        }
        return relu ? (v > 0f ? v : 0f) : v;
    }

    static String describe() {
        return Gemm.VECTOR ? "Winograd F(2x2, 3x3) with " + Tiles.describe() : "Winograd F(2x2, 3x3) with plain loops";
    }
}
