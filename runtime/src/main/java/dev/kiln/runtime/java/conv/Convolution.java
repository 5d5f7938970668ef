package dev.kiln.runtime.java.conv;

import java.util.Arrays;

/**
 * A 2-D convolution of fixed shape on {@code (N, C, H, W)} float arrays: forward with bias, residual
 * add and ReLU applied as it stores; the input gradient; the weight and bias gradients. Built once per
 * layer from its {@link ConvShape}; the calls allocate nothing (scratch lives in a {@link ConvWorkspace}
 * per thread).
 *
 * <h2>Layout: the source planes and q-space</h2>
 * Each image's input is first copied into <em>source planes</em>: the input with its padding written
 * out (zeros, or the nearest edge pixel for replicate), split by stride phase so that every kernel
 * element reads a contiguous run. For stride {@code (sh, sw)} the padded image {@code P} of
 * {@code Hp x Wp} (rounded up to whole strides) becomes {@code sh * sw} planes of
 * {@code Hph x Wph = Hp/sh x Wp/sw}:
 *
 * <pre>
 *   plane(c, a, b)[i][j] = P[c][sh*i + a][sw*j + b]        layout [c][a][b][i][j], one group after another
 *
 *   output (oy, ox) has "q-space" index q = oy * Wph + ox   (ox in [Wo, Wph) are never-used columns)
 *   kernel element k = (c, ky, kx) reads  src[kb[k] + q],   kb[k] = plane(c, ky*dh % sh, kx*dw % sw)
 *                                                                 + (ky*dh / sh) * Wph + (kx*dw / sw)
 * </pre>
 *
 * <p>so the im2col matrix {@code B[k][q] = src[kb[k] + q]} is never materialised: a tile reads row
 * {@code k} of it as a shifted run of the source. The price is {@code Wph - Wo} unused columns per
 * output row (none for a 1x1 convolution without padding, 2 of 58 for a 3x3 one on 56x56).
 *
 * <h2>Forward</h2>
 * {@code out[m][q] = sum_k w[m][k] src[kb[k] + q]}: tiles of {@link Tiles#MR} filters by
 * {@link Tiles#NRL} q-positions, the weights read in place row by row, {@code k} in blocks of
 * {@link #K_BLOCK}; a finished tile is stored to the output with bias, residual and ReLU (straight
 * into the output where q-space is the output's layout, through a panel otherwise). Every output
 * element is the same chain of FMAs in {@code k} order whichever tile or worker computes it, so a
 * layer split across workers ({@code part}/{@code parts}, over q-panels or over filters) gives the
 * same bits as one worker.
 *
 * <h2>Backward</h2>
 * <ul>
 * <li>Input gradient: {@code dCol[k][q] = sum_m w[m][k] dY[m][q]} in tiles over {@code (k, q)} (weights
 *     transposed once per call, {@code dY} copied into q-space with zeros in the unused columns), each
 *     tile added into the source-shaped gradient at {@code kb[k] + q} (col2im as contiguous adds), then
 *     folded back to the input's layout (replicate padding adds the border's gradients to the edge
 *     pixels). Parts split the input channels, so no two workers add to the same element.</li>
 * <li>Weight gradient: {@code dW[k][m] += sum_q src[kb[k] + q] dY[m][q]} as tiles over {@code (k, m)}
 *     with {@code q} the reduction, {@code dY} transposed chunk by chunk, accumulated over the images
 *     into a {@code (K, M)} buffer and added ({@code +=}) to {@code dW} at the end of the call.</li>
 * </ul>
 *
 * <p>Gradient policy: {@code +=} into weight and bias gradients, {@code =} into the input gradient.
 * Depthwise convolutions (one input channel per group) take a path of their own along q.
 */
public final class Convolution {
    /** Reduction block of forward and of the input gradient: a tile's B rows of one block stay in L1/L2. */
    static final int K_BLOCK = 256;
    /** Reduction block of the transposed tiles: a block of the transposed weights (T_BLOCK x 4 vectors) stays in L1. */
    static final int T_BLOCK = 128;
    /** Steps of the reduction the weight gradient wants per load of a tile's accumulators. */
    static final int DW_STEPS = 512;
    /** Positions per chunk of the weight gradient's reduction. */
    static final int Q_BLOCK = 128;

    private static final int MR = Tiles.MR;
    private static final int NRL = Tiles.NRL;

    /**
     * How forward runs: {@link #DIRECT}, tiles of filters x q-positions reading the weights as they are;
     * {@link #TRANSPOSED}, tiles of output positions x filters (no q-space columns wasted on small planes,
     * the weights transposed once by {@link #prepareWeights}); {@link #WINOGRAD}, F(2x2, 3x3)
     * ({@link Winograd3x3}, the weights transformed by {@link #prepareWeights}). Backward always runs direct.
     */
    public enum Method {
        DIRECT, TRANSPOSED, WINOGRAD
    }

    private final ConvShape s;
    private final int outW;
    private final int outPlane;
    private final SourcePlanes planes;
    private final int sh;
    private final int sw;
    private final int wph;
    private final int plane;
    private final int q;
    private final int qPad;
    private final int qPanels;
    /** One past the last q-space position of a real output: (outH - 1) * Wph + outW. */
    private final int qValid;
    private final int k;
    private final int taps;
    private final int mg;
    private final int cg;
    private final int mPanels;
    /** Filters per group rounded up to whole tile columns: the weight gradient's column count per group. */
    private final int mPad;
    /** Columns of the weight gradient's tiles: half tiles for 32 filters or fewer (a whole one would be half padding). */
    private final int dwCols;
    private final int groupSrc;
    private final int srcFloats;
    /** Depthwise: floats of one channel's planes with the reach of its last q-space row ({@link ConvWorkspace#chan}). */
    private final int chanFloats;
    private final boolean identity;
    private final boolean garbageFree;
    private final boolean depthwise;
    private final int[] kb;
    private final Method method;
    /** {@link Method#TRANSPOSED}: filters rounded up to whole tile columns, and each output position's q-space index. */
    private final int mPadT;
    private final int[] posQ;
    private final Winograd3x3 winograd;
    /** Images the weight gradient takes through each tile together: enough for {@link #DW_STEPS} steps of q, at most 8. */
    private final int imageGroup;

    /** Forward by {@link Method#DIRECT}, on the weights as they are. */
    public Convolution(ConvShape shape) {
        this(shape, Method.DIRECT);
    }

    /** A convolution of {@code shape} by the method {@link #choose} picks for {@code images} images per call. */
    public static Convolution chosen(ConvShape shape, int images) {
        return new Convolution(shape, choose(shape, images));
    }

    public Convolution(ConvShape shape, Method method) {
        if (method == Method.WINOGRAD && !Winograd3x3.applies(shape) || method == Method.TRANSPOSED && shape.groups() != 1) {
            throw new IllegalArgumentException(method + " cannot compute " + shape);
        }
        this.method = method;
        this.s = shape;
        this.outW = shape.outW();
        this.outPlane = shape.outH() * outW;
        this.planes = new SourcePlanes(shape.inChannels(), shape.inH(), shape.inW(), shape.padTop(), shape.padBottom(),
                shape.padLeft(), shape.padRight(), shape.strideH(), shape.strideW(), shape.replicate())
                .readBy(shape.kernelH(), shape.kernelW(), shape.dilationH(), shape.dilationW());
        this.sh = planes.sh;
        this.sw = planes.sw;
        this.wph = planes.wph;
        this.plane = planes.plane;
        this.q = shape.outH() * wph;
        this.qPad = roundUp(q, NRL);
        this.qPanels = qPad / NRL;
        this.qValid = (shape.outH() - 1) * wph + outW;
        this.k = shape.k();
        this.taps = shape.kernelH() * shape.kernelW();
        this.mg = shape.groupFilters();
        this.cg = shape.groupChannels();
        this.mPanels = (mg + MR - 1) / MR;
        this.dwCols = mg <= Tiles.HALF ? Tiles.HALF : NRL;
        this.mPad = roundUp(mg, dwCols);
        this.groupSrc = cg * sh * sw * plane;
        this.depthwise = cg == 1 && shape.groups() > 1;
        this.kb = new int[k];
        int max = 0;
        for (int c = 0, i = 0; c < cg; c++) {
            for (int ky = 0; ky < shape.kernelH(); ky++) {
                for (int kx = 0; kx < shape.kernelW(); kx++, i++) {
                    int dy = ky * shape.dilationH();
                    int dx = kx * shape.dilationW();
                    kb[i] = ((c * sh + dy % sh) * sw + dx % sw) * plane + (dy / sh) * wph + dx / sw;
                    max = Math.max(max, kb[i]);
                }
            }
        }
        int groups = shape.groups();
        this.srcFloats = Math.max(groups * groupSrc, (groups - 1) * groupSrc + max + qPad);
        this.chanFloats = depthwise ? Math.max(groupSrc, max + qPad) : 0;
        this.identity = planes.identity();
        this.garbageFree = wph == outW;
        this.mPadT = roundUp(shape.filters(), NRL);
        if (method == Method.TRANSPOSED) {
            this.posQ = new int[outPlane];
            for (int p = 0; p < outPlane; p++) {
                posQ[p] = (p / outW) * wph + p % outW;
            }
        } else {
            this.posQ = null;
        }
        this.winograd = method == Method.WINOGRAD ? new Winograd3x3(shape) : null;
        this.imageGroup = Math.max(1, Math.min(8, DW_STEPS / q));
    }

    /**
     * The forward method for {@code s} when each call computes {@code images} images, from a cost model of this
     * machine's tile width: the share of multiply-adds that land on real outputs (q-space columns past the
     * output width, tile edges, padded filters and positions), divided by what each method does besides
     * (the transposed tiles' scattered stores, about 128 / K of a direct tile's time, measured; Winograd's transforms,
     * C / (C + 130) of its products' time as measured on a Zen 5 core), with Winograd's 2.25x fewer products.
     */
    public static Method choose(ConvShape s, int images) {
        int outPlane = s.outH() * s.outW();
        SourcePlanes p = new SourcePlanes(s.inChannels(), s.inH(), s.inW(), s.padTop(), s.padBottom(), s.padLeft(), s.padRight(),
                s.strideH(), s.strideW(), s.replicate());
        int q = s.outH() * p.wph;
        double direct = (double) outPlane / roundUp(q, NRL);
        double best = direct;
        Method choice = Method.DIRECT;
        if (s.groups() == 1) {
            double transposed = (double) outPlane / roundUp(outPlane, MR) * s.filters() / roundUp(s.filters(), NRL)
                    / (1 + 128.0 / s.k());
            if (transposed > best) {
                best = transposed;
                choice = Method.TRANSPOSED;
            }
        }
        if (Winograd3x3.applies(s)) {
            int th = (s.outH() + 1) / 2;
            int tw = (s.outW() + 1) / 2;
            int wph = tw + 1;
            long tiles = (long) th * wph * images;
            double winograd = 2.25 * outPlane / (4.0 * th * tw) * tw / wph * (double) tiles / roundUp((int) tiles, NRL)
                    * s.inChannels() / (s.inChannels() + 130.0);
            if (winograd > best) {
                choice = Method.WINOGRAD;
            }
        }
        return choice;
    }

    public Method method() {
        return method;
    }

    /** Floats of the weights in this method's form ({@link #prepareWeights}); 0 for {@link Method#DIRECT}, which reads them as they are. */
    public int preparedWeightFloats() {
        return switch (method) {
            case DIRECT -> 0;
            case TRANSPOSED -> k * mPadT;
            case WINOGRAD -> winograd.transformedWeightFloats();
        };
    }

    /**
     * Writes the weights {@code (filters, in/groups, kh, kw)} at {@code w[wOff ..]} in this method's form to {@code prepared[pOff ..]}:
     * transposed to {@code (K, filters)} with zero filters up to whole tiles, or Winograd-transformed. Nothing for direct.
     */
    public void prepareWeights(float[] w, int wOff, float[] prepared, int pOff) {
        switch (method) {
            case DIRECT -> {
            }
            case TRANSPOSED -> {
                for (int kk = 0; kk < k; kk++) {
                    int row = pOff + kk * mPadT;
                    for (int f = 0; f < s.filters(); f++) {
                        prepared[row + f] = w[wOff + f * k + kk];
                    }
                    Arrays.fill(prepared, row + s.filters(), row + mPadT, 0f);
                }
            }
            case WINOGRAD -> winograd.transformWeights(w, wOff, prepared, pOff);
        }
    }

    private static int roundUp(int x, int to) {
        return SourcePlanes.roundUp(x, to);
    }

    public ConvShape shape() {
        return s;
    }

    /** What computes the tiles, for descriptions. */
    public static String describeKernels() {
        return Tiles.describe();
    }

    /** A workspace for forward only ({@code training} false) or for forward and backward. */
    public ConvWorkspace newWorkspace(boolean training) {
        int[] n = sizes(training);
        return new ConvWorkspace(n[0], n[1], n[2], n[3], n[4], n[5], n[6], n[7], n[8], winograd == null ? null : winograd.newWorkspace());
    }

    /** The sizes of {@link #newWorkspace}'s arrays, for {@link ConvWorkspace#forAll}. */
    int[] workspaceSizes(boolean training) {
        return sizes(training);
    }

    Winograd3x3 winograd() {
        return winograd;
    }

    /** Floats a workspace holds, without making one. */
    public long workspaceFloats(boolean training) {
        long sum = winograd == null ? 0 : winograd.workspaceFloats();
        for (int n : sizes(training)) {
            sum += n;
        }
        return sum;
    }

    /** The workspace's arrays: source, panel, row, dY in q-space, dX planes, transposed weights, dY chunk, dW accumulator. */
    private int[] sizes(boolean training) {
        int groups = s.groups();
        int panel = depthwise ? 0 : method == Method.TRANSPOSED ? roundUp(outPlane, MR) * NRL : mPanels * MR * NRL;
        int row = depthwise ? qPad : 0;
        if (!training) {
            // a depthwise forward writes one channel at a time into chan, never the whole image into src
            return new int[] {depthwise ? 0 : srcFloats, panel, row, 0, 0, 0, 0, 0, chanFloats};
        }
        return new int[] {srcFloats * imageGroup, Math.max(panel, MR * NRL), row, s.filters() * qPad, srcFloats,
            depthwise ? 0 : groups * k * mg, depthwise ? 0 : imageGroup * Math.min(q, Q_BLOCK) * mPad * groups,
            depthwise ? 0 : groups * k * mPad, chanFloats};
    }

    // ---------------------------------------------------------------- forward

    /**
     * {@code out[n][m] = act(bias[m] + conv(in[n])[m] (+ res[n][m]))} for images {@code [n0, n1)}, the part
     * {@code part} of {@code parts} of each image's work (all of it when {@code parts} is 1): parts split the
     * q-panels, or the filters where there are too few panels, and give together the same bits as one.
     *
     * @param w    weights {@code (filters, in/groups, kh, kw)} at {@code wOff}
     * @param bias per filter at {@code bOff}, or null
     * @param res  a tensor of the output's shape added before the activation (at {@code resOff}), or null; must not be {@code out}
     */
    public void forward(float[] w, int wOff, float[] bias, int bOff, float[] in, int inOff, float[] out, int outOff,
                        float[] res, int resOff, boolean relu, int n0, int n1, int part, int parts, ConvWorkspace ws) {
        if (method == Method.WINOGRAD) {
            winograd.forward(w, wOff, bias, bOff, in, inOff, out, outOff, res, resOff, relu, n0, n1, part, parts, ws.winograd);
            return;
        }
        for (int n = n0; n < n1; n++) {
            int image = inOff + n * s.inSize();
            int o = outOff + n * s.outSize();
            int r = resOff + n * s.outSize();
            if (depthwise) {
                depthwiseForward(w, wOff, bias, bOff, in, image, out, o, res, r, relu, part, parts, ws);
                continue;
            }
            float[] src;
            int base;
            if (identity && image + srcFloats <= in.length) {
                src = in;
                base = image;
            } else {
                planes.write(in, image, ws.src, s.inChannels());
                src = ws.src;
                base = 0;
            }
            if (method == Method.TRANSPOSED) {
                transposedForward(w, wOff, bias, bOff, src, base, out, o, res, r, relu, part, parts, ws);
                continue;
            }
            for (int g = 0; g < s.groups(); g++) {
                int gm = g * mg;
                groupForward(w, wOff + gm * k, bias, bOff + gm, src, base + g * groupSrc, out, o + gm * outPlane,
                        res, r + gm * outPlane, relu, part, parts, ws);
            }
        }
    }

    /** One group of one image: tiles over (filters, q), the part's share of q-panels or of filter panels. */
    private void groupForward(float[] w, int wOff, float[] bias, int bOff, float[] src, int base, float[] out, int o,
                              float[] res, int r, boolean relu, int part, int parts, ConvWorkspace ws) {
        boolean byQ = parts == 1 || qPanels >= 2 * parts || mPanels < parts;
        int qp0 = byQ ? qPanels * part / parts : 0;
        int qp1 = byQ ? qPanels * (part + 1) / parts : qPanels;
        int mp0 = byQ ? 0 : mPanels * part / parts;
        int mp1 = byQ ? mPanels : mPanels * (part + 1) / parts;
        float[] panel = ws.panel;
        for (int qp = qp0; qp < qp1; qp++) {
            int q0 = qp * NRL;
            boolean fullQ = q0 + NRL <= q;
            for (int k0 = 0; k0 < k; k0 += K_BLOCK) {
                int k1 = Math.min(k, k0 + K_BLOCK);
                for (int mp = mp0; mp < mp1; mp++) {
                    int m0 = mp * MR;
                    int last = mg - 1;
                    int a0 = wOff + Math.min(m0, last) * k;
                    int a1 = wOff + Math.min(m0 + 1, last) * k;
                    int a2 = wOff + Math.min(m0 + 2, last) * k;
                    int a3 = wOff + Math.min(m0 + 3, last) * k;
                    int a4 = wOff + Math.min(m0 + 4, last) * k;
                    int a5 = wOff + Math.min(m0 + 5, last) * k;
                    if (garbageFree && fullQ && m0 + MR <= mg) {
                        Tiles.tile(w, a0, a1, a2, a3, a4, a5, src, kb, base + q0, k0, k1, out, o + m0 * outPlane + q0, outPlane, k0 > 0);
                    } else {
                        Tiles.tile(w, a0, a1, a2, a3, a4, a5, src, kb, base + q0, k0, k1, panel, (mp - mp0) * MR * NRL, NRL, k0 > 0);
                    }
                }
            }
            for (int mp = mp0; mp < mp1; mp++) {
                int m0 = mp * MR;
                boolean direct = garbageFree && fullQ && m0 + MR <= mg;
                for (int m = m0; m < Math.min(mg, m0 + MR); m++) {
                    float b = bias == null ? 0f : bias[bOff + m];
                    int at = o + m * outPlane;
                    int resAt = r + m * outPlane;
                    if (direct) {
                        Tiles.finish(out, at + q0, out, at + q0, NRL, b, res, resAt + q0, relu);
                    } else {
                        scatter(panel, ((mp - mp0) * MR + m - m0) * NRL, q0, out, at, b, res, resAt, relu);
                    }
                }
            }
        }
    }

    /**
     * One image by tiles of output positions x filters, the part's share of filter blocks: {@code wt} holds the
     * weights transposed ({@link #prepareWeights}), each block of K reused by every position of the image.
     */
    private void transposedForward(float[] wt, int wtOff, float[] bias, int bOff, float[] src, int base, float[] out, int o,
                                   float[] res, int r, boolean relu, int part, int parts, ConvWorkspace ws) {
        int blocks = mPadT / NRL;
        int mb0 = blocks * part / parts;
        int mb1 = blocks * (part + 1) / parts;
        int last = outPlane - 1;
        float[] panel = ws.panel;
        for (int mb = mb0; mb < mb1; mb++) {
            for (int k0 = 0; k0 < k; k0 += T_BLOCK) {
                int k1 = Math.min(k, k0 + T_BLOCK);
                for (int p0 = 0; p0 < outPlane; p0 += MR) {
                    Tiles.tileIndirectStrided(src, kb, base + posQ[Math.min(p0, last)], base + posQ[Math.min(p0 + 1, last)],
                            base + posQ[Math.min(p0 + 2, last)], base + posQ[Math.min(p0 + 3, last)], base + posQ[Math.min(p0 + 4, last)],
                            base + posQ[Math.min(p0 + 5, last)], wt, wtOff + mb * NRL, mPadT, k0, k1, panel, p0 * NRL, NRL, k0 > 0);
                }
            }
            int filters = Math.min(NRL, s.filters() - mb * NRL);
            int at = o + mb * NRL * outPlane;
            int resAt = r + mb * NRL * outPlane;
            // position by position: each row of the panel is read once, the filters' output rows written a float each
            for (int p = 0; p < outPlane; p++) {
                int row = p * NRL;
                for (int j = 0; j < filters; j++) {
                    float v = panel[row + j] + (bias == null ? 0f : bias[bOff + mb * NRL + j]);
                    if (res != null) {
                        v += res[resAt + j * outPlane + p];
                    }
                    out[at + j * outPlane + p] = relu ? (v > 0f ? v : 0f) : v;
                }
            }
        }
    }

    /** A q-space row segment {@code [q0, q0 + NRL)} of one filter from a panel row into the output plane at {@code at}, finished. */
    private void scatter(float[] panel, int from, int q0, float[] out, int at, float b, float[] res, int resAt, boolean relu) {
        int qEnd = Math.min(q, q0 + NRL);
        for (int oy = q0 / wph; oy * wph < qEnd; oy++) {
            int s0 = Math.max(q0, oy * wph);
            int s1 = Math.min(qEnd, oy * wph + outW);
            if (s1 > s0) {
                int to = oy * outW + s0 - oy * wph;
                Tiles.finish(panel, from + s0 - q0, out, at + to, s1 - s0, b, res, resAt + to, relu);
            }
        }
    }

    /**
     * One image of a depthwise convolution, the part's share of the filters: channel by channel, its planes written
     * into {@link ConvWorkspace#chan} (while they stay in cache: the whole image's planes would not), each filter's
     * q-space row computed from them and its output rows finished from that row.
     */
    private void depthwiseForward(float[] w, int wOff, float[] bias, int bOff, float[] in, int image, float[] out, int o,
                                  float[] res, int r, boolean relu, int part, int parts, ConvWorkspace ws) {
        int filters = s.filters();
        int m0 = filters * part / parts;
        int m1 = filters * (part + 1) / parts;
        float[] row = ws.row;
        int written = -1;
        for (int m = m0; m < m1; m++) {
            int g = m / mg;
            float[] src;
            int base;
            if (identity && image + g * groupSrc + chanFloats <= in.length) {
                src = in;
                base = image + g * groupSrc;
            } else {
                if (g != written) {
                    planes.writeChannel(in, image, g, ws.chan);
                    written = g;
                }
                src = ws.chan;
                base = 0;
            }
            Tiles.depthwiseRow(w, wOff + m * k, k, src, kb, base, 0, row, 0, qPad);
            float b = bias == null ? 0f : bias[bOff + m];
            int at = o + m * outPlane;
            int resAt = r + m * outPlane;
            if (garbageFree) {
                Tiles.finish(row, 0, out, at, outPlane, b, res, resAt, relu);
                continue;
            }
            for (int oy = 0; oy < s.outH(); oy++) {
                Tiles.finish(row, oy * wph, out, at + oy * outW, outW, b, res, resAt + oy * outW, relu);
            }
        }
    }

    // ---------------------------------------------------------------- backward: input gradient

    /**
     * {@code dX[n] = conv^T(dY[n])} for images {@code [n0, n1)} (assigned), part {@code part} of {@code parts}:
     * parts split the input channels.
     */
    public void backwardInput(float[] w, int wOff, float[] dy, int dyOff, float[] dx, int dxOff, int n0, int n1,
                              int part, int parts, ConvWorkspace ws) {
        int channels = s.inChannels();
        int c0 = channels * part / parts;
        int c1 = channels * (part + 1) / parts;
        if (c0 == c1) {
            return;
        }
        if (!depthwise) {
            transposeWeights(w, wOff, ws.wt, c0, c1);
        }
        for (int n = n0; n < n1; n++) {
            toQSpace(dy, dyOff + n * s.outSize(), ws.dyq, depthwise ? c0 * mg : 0, depthwise ? c1 * mg : s.filters());
            float[] g = ws.dxsrc;
            // the adds below stop at the last real output position, so they stay inside the part's own planes
            Arrays.fill(g, c0 * sh * sw * plane, c1 * sh * sw * plane, 0f);
            if (depthwise) {
                for (int m = c0 * mg; m < c1 * mg; m++) {
                    int gBase = (m / mg) * groupSrc;
                    for (int t = 0; t < k; t++) {
                        Tiles.axpy(w[wOff + m * k + t], ws.dyq, m * qPad, g, gBase + kb[t], qValid);
                    }
                }
            } else {
                for (int grp = c0 / cg; grp <= (c1 - 1) / cg; grp++) {
                    int kFrom = (Math.max(c0, grp * cg) - grp * cg) * taps;
                    int kTo = (Math.min(c1, (grp + 1) * cg) - grp * cg) * taps;
                    groupInput(grp, kFrom, kTo, g, ws);
                }
            }
            planes.readBack(g, dx, dxOff + n * s.inSize(), c0, c1);
        }
    }

    /** {@code wt[g][kk][m] = w[g*mg + m][kk]} for the rows {@code kk} of channels {@code [c0, c1)}. */
    private void transposeWeights(float[] w, int wOff, float[] wt, int c0, int c1) {
        for (int grp = c0 / cg; grp <= (c1 - 1) / cg; grp++) {
            int kFrom = (Math.max(c0, grp * cg) - grp * cg) * taps;
            int kTo = (Math.min(c1, (grp + 1) * cg) - grp * cg) * taps;
            for (int m = 0; m < mg; m++) {
                int from = wOff + (grp * mg + m) * k;
                int to = grp * k * mg + m;
                for (int kk = kFrom; kk < kTo; kk++) {
                    wt[to + kk * mg] = w[from + kk];
                }
            }
        }
    }

    /** {@code dy} (filters {@code [m0, m1)} of one image) into q-space rows of {@code qPad}, zeros in the unused columns. */
    private void toQSpace(float[] dy, int image, float[] dyq, int m0, int m1) {
        for (int m = m0; m < m1; m++) {
            int to = m * qPad;
            if (garbageFree) {
                System.arraycopy(dy, image + m * outPlane, dyq, to, outPlane);
                Arrays.fill(dyq, to + outPlane, to + qPad, 0f);
                continue;
            }
            for (int oy = 0; oy < s.outH(); oy++) {
                System.arraycopy(dy, image + m * outPlane + oy * outW, dyq, to + oy * wph, outW);
                Arrays.fill(dyq, to + oy * wph + outW, to + (oy + 1) * wph, 0f);
            }
            Arrays.fill(dyq, to + q, to + qPad, 0f);
        }
    }

    /** Rows {@code [kFrom, kTo)} of group {@code grp}'s {@code dCol = W^T dY}, added into the source-shaped gradient. */
    private void groupInput(int grp, int kFrom, int kTo, float[] g, ConvWorkspace ws) {
        float[] wt = ws.wt;
        float[] panel = ws.panel;
        int wtOff = grp * k * mg;
        int gBase = grp * groupSrc;
        int dyBase = grp * mg * qPad;
        for (int qp = 0; qp < qPanels; qp++) {
            int q0 = qp * NRL;
            if (q0 >= qValid) {
                break;
            }
            for (int kt = kFrom; kt < kTo; kt += MR) {
                int last = kTo - 1;
                int a0 = wtOff + Math.min(kt, last) * mg;
                int a1 = wtOff + Math.min(kt + 1, last) * mg;
                int a2 = wtOff + Math.min(kt + 2, last) * mg;
                int a3 = wtOff + Math.min(kt + 3, last) * mg;
                int a4 = wtOff + Math.min(kt + 4, last) * mg;
                int a5 = wtOff + Math.min(kt + 5, last) * mg;
                for (int m0 = 0; m0 < mg; m0 += K_BLOCK) {
                    Tiles.tileStrided(wt, a0, a1, a2, a3, a4, a5, ws.dyq, dyBase + q0, qPad, m0, Math.min(mg, m0 + K_BLOCK),
                            panel, 0, NRL, m0 > 0);
                }
                int len = Math.min(NRL, qValid - q0);
                for (int r = 0; r < Math.min(MR, kTo - kt); r++) {
                    Tiles.addInto(panel, r * NRL, g, gBase + kb[kt + r] + q0, len);
                }
            }
        }
    }

    // ---------------------------------------------------------------- backward: weight and bias gradients

    /**
     * {@code dW += sum_n dY[n] (x) im2col(in[n])} and {@code dB += sum_n sum_q dY[n]} over images
     * {@code [n0, n1)}; {@code dB} may be null.
     */
    public void backwardWeights(float[] in, int inOff, float[] dy, int dyOff, float[] dw, int dwOff, float[] db, int dbOff,
                                int n0, int n1, ConvWorkspace ws) {
        int filters = s.filters();
        if (depthwise) {
            depthwiseWeights(in, inOff, dy, dyOff, dw, dwOff, db, dbOff, n0, n1, ws);
            return;
        }
        Arrays.fill(ws.dwt, 0, s.groups() * k * mPad, 0f);
        int cols = mPad * s.groups();
        int chunk = Math.min(q, Q_BLOCK);
        // a small plane's images go through each tile of dW together: its accumulators then stay in L1 for imageGroup x q steps
        for (int g0 = n0; g0 < n1; g0 += imageGroup) {
            int g1 = Math.min(n1, g0 + imageGroup);
            for (int n = g0; n < g1; n++) {
                int image = inOff + n * s.inSize();
                if (!(identity && image + srcFloats <= in.length)) {
                    planes.write(in, image, ws.src, (n - g0) * srcFloats, s.inChannels());
                }
                if (db != null) {
                    for (int m = 0; m < filters; m++) {
                        db[dbOff + m] += planeSum(dy, dyOff + n * s.outSize() + m * outPlane);
                    }
                }
            }
            for (int q0 = 0; q0 < q; q0 += Q_BLOCK) {
                int q1 = Math.min(q, q0 + Q_BLOCK);
                for (int n = g0; n < g1; n++) {
                    transposeChunk(dy, dyOff + n * s.outSize(), ws.dyt, (n - g0) * chunk * cols, q0, q1, cols);
                }
                for (int grp = 0; grp < s.groups(); grp++) {
                    for (int mb = 0; mb < mPad; mb += dwCols) {
                        int col = grp * mPad + mb;
                        for (int kt = 0; kt < k; kt += MR) {
                            int at = (grp * k + kt) * mPad + mb;
                            boolean full = kt + MR <= k;
                            for (int n = g0; n < g1; n++) {
                                int image = inOff + n * s.inSize();
                                boolean inPlace = identity && image + srcFloats <= in.length;
                                float[] src = inPlace ? in : ws.src;
                                int sBase = (inPlace ? image : (n - g0) * srcFloats) + grp * groupSrc;
                                int last = k - 1;
                                int a0 = sBase + kb[Math.min(kt, last)];
                                int a1 = sBase + kb[Math.min(kt + 1, last)];
                                int a2 = sBase + kb[Math.min(kt + 2, last)];
                                int a3 = sBase + kb[Math.min(kt + 3, last)];
                                int a4 = sBase + kb[Math.min(kt + 4, last)];
                                int a5 = sBase + kb[Math.min(kt + 5, last)];
                                int b0 = (n - g0) * chunk * cols + col - q0 * cols;
                                // the last rows past k repeat row k - 1: computed into the panel, only the real ones added
                                float[] c = full ? ws.dwt : ws.panel;
                                int cAt = full ? at : 0;
                                int ldc = full ? mPad : NRL;
                                boolean acc = full || n > g0;
                                if (dwCols == NRL) {
                                    Tiles.tileStrided(src, a0, a1, a2, a3, a4, a5, ws.dyt, b0, cols, q0, q1, c, cAt, ldc, acc);
                                } else {
                                    Tiles.tileStridedHalf(src, a0, a1, a2, a3, a4, a5, ws.dyt, b0, cols, q0, q1, c, cAt, ldc, acc);
                                }
                            }
                            if (!full) {
                                for (int r = 0; r < k - kt; r++) {
                                    Tiles.addInto(ws.panel, r * NRL, ws.dwt, at + r * mPad, dwCols);
                                }
                            }
                        }
                    }
                }
            }
        }
        for (int grp = 0; grp < s.groups(); grp++) {
            for (int m = 0; m < mg; m++) {
                int to = dwOff + (grp * mg + m) * k;
                int from = grp * k * mPad + m;
                for (int kk = 0; kk < k; kk++) {
                    dw[to + kk] += ws.dwt[from + kk * mPad];
                }
            }
        }
    }

    /** The depthwise weight and bias gradients: one dot product along q-space per filter and kernel element. */
    private void depthwiseWeights(float[] in, int inOff, float[] dy, int dyOff, float[] dw, int dwOff, float[] db, int dbOff,
                                  int n0, int n1, ConvWorkspace ws) {
        int filters = s.filters();
        for (int n = n0; n < n1; n++) {
            int image = inOff + n * s.inSize();
            int dImage = dyOff + n * s.outSize();
            float[] src;
            int base;
            if (identity && image + srcFloats <= in.length) {
                src = in;
                base = image;
            } else {
                planes.write(in, image, ws.src, 0, s.inChannels());
                src = ws.src;
                base = 0;
            }
            if (db != null) {
                for (int m = 0; m < filters; m++) {
                    db[dbOff + m] += planeSum(dy, dImage + m * outPlane);
                }
            }
            toQSpace(dy, dImage, ws.dyq, 0, filters);
            for (int m = 0; m < filters; m++) {
                int sBase = base + (m / mg) * groupSrc;
                for (int t = 0; t < k; t++) {
                    dw[dwOff + m * k + t] += Tiles.dot(ws.dyq, m * qPad, src, sBase + kb[t], qPad);
                }
            }
        }
    }

    /** {@code dyt[(qq - q0) * cols + grp * mPad + m] = dY[grp*mg + m][qq]} for q-space {@code qq} in {@code [q0, q1)}, zeros in unused columns. */
    private void transposeChunk(float[] dy, int image, float[] dyt, int dytOff, int q0, int q1, int cols) {
        int filters = s.filters();
        for (int qq = q0; qq < q1; qq++) {
            int oy = qq / wph;
            int ox = qq - oy * wph;
            int row = dytOff + (qq - q0) * cols;
            if (ox >= outW) {
                Arrays.fill(dyt, row, row + cols, 0f);
                continue;
            }
            int at = image + oy * outW + ox;
            for (int m = 0; m < filters; m++) {
                int grp = m / mg;
                dyt[row + grp * mPad + m - grp * mg] = dy[at + m * outPlane];
            }
        }
    }

    /** The sum of one output plane, in four partial sums. */
    private float planeSum(float[] dy, int at) {
        float s0 = 0f, s1 = 0f, s2 = 0f, s3 = 0f;
        int i = 0;
        for (; i + 4 <= outPlane; i += 4) {
            s0 += dy[at + i];
            s1 += dy[at + i + 1];
            s2 += dy[at + i + 2];
            s3 += dy[at + i + 3];
        }
        for (; i < outPlane; i++) {
            s0 += dy[at + i];
        }
        return (s0 + s1) + (s2 + s3);
    }
}
