package dev.kiln.runtime.java.conv;

import java.util.Arrays;

/**
 * An image with its padding written out and split by stride phase: for strides {@code (sh, sw)} the
 * padded image {@code P} of {@code Hp x Wp} (rounded up to whole strides) becomes {@code sh * sw} planes
 * of {@code Hph x Wph = Hp/sh x Wp/sw} per channel:
 *
 * <pre>
 *   plane(c, a, b)[i][j] = P[c][sh*i + a][sw*j + b]        layout [c][a][b][i][j]
 *   P[c][y][x] = in[c][y - padTop][x - padLeft], or 0 (zeros) / the nearest edge pixel (replicate) outside
 * </pre>
 *
 * <p>so that a window element that steps by the stride reads a contiguous run of one plane.
 * {@link #write} copies an image in; {@link #readBack} is its adjoint, for input gradients.
 */
final class SourcePlanes {
    final int channels;
    final int inH;
    final int inW;
    final int padTop;
    final int padLeft;
    final int padBottom;
    final int padRight;
    final int sh;
    final int sw;
    final boolean replicate;
    final int hp;
    final int wp;
    final int hph;
    final int wph;
    /** Floats of one phase plane. */
    final int plane;
    /** Per phase {@code a * sw + b}: whether any window element reads it ({@link #readBy}); the others are never written. */
    private final boolean[] phaseRead;

    SourcePlanes(int channels, int inH, int inW, int padTop, int padBottom, int padLeft, int padRight, int sh, int sw,
                 boolean replicate) {
        this.channels = channels;
        this.inH = inH;
        this.inW = inW;
        this.padTop = padTop;
        this.padLeft = padLeft;
        this.padBottom = padBottom;
        this.padRight = padRight;
        this.sh = sh;
        this.sw = sw;
        this.replicate = replicate;
        this.hp = roundUp(inH + padTop + padBottom, sh);
        this.wp = roundUp(inW + padLeft + padRight, sw);
        this.hph = hp / sh;
        this.wph = wp / sw;
        this.plane = hph * wph;
        this.phaseRead = new boolean[sh * sw];
        java.util.Arrays.fill(phaseRead, true);
    }

    /**
     * Marks as read only the phases a {@code kh x kw} window with dilation {@code (dh, dw)} reads (a 1x1 window with
     * stride 2 reads one phase of four): {@link #write} skips the others.
     */
    SourcePlanes readBy(int kh, int kw, int dh, int dw) {
        java.util.Arrays.fill(phaseRead, false);
        for (int ky = 0; ky < kh; ky++) {
            for (int kx = 0; kx < kw; kx++) {
                phaseRead[(ky * dh % sh) * sw + kx * dw % sw] = true;
            }
        }
        return this;
    }

    static int roundUp(int x, int to) {
        return (x + to - 1) / to * to;
    }

    /** Floats of one channel's planes. */
    int channelFloats() {
        return sh * sw * plane;
    }

    /** Where the plane of channel {@code c} and phases {@code (a, b)} starts. */
    int planeAt(int c, int a, int b) {
        return ((c * sh + a) * sw + b) * plane;
    }

    /** Whether the planes are the input itself (stride 1, no padding): a caller may read the input in place. */
    boolean identity() {
        return sh == 1 && sw == 1 && hp == inH && wp == inW;
    }

    /** Writes channels {@code [0, c1)} of the image at {@code in[image ..]} into {@code dst} (from index 0). */
    void write(float[] in, int image, float[] dst, int c1) {
        write(in, image, dst, 0, c1);
    }

    /** Writes channels {@code [0, c1)} of the image at {@code in[image ..]} into {@code dst} from index {@code dstOff}. */
    void write(float[] in, int image, float[] dst, int dstOff, int c1) {
        for (int c = 0; c < c1; c++) {
            writeChannel(in, image + c * inH * inW, dst, dstOff + planeAt(c, 0, 0));
        }
    }

    /** Writes channel {@code c} of the image at {@code in[image ..]} into {@code dst} from index 0, as channel 0's planes. */
    void writeChannel(float[] in, int image, int c, float[] dst) {
        writeChannel(in, image + c * inH * inW, dst, 0);
    }

    /** The planes of the channel at {@code in[ch ..]}, at {@code dst[dstOff ..]} (laid out as channel 0's). */
    private void writeChannel(float[] in, int ch, float[] dst, int dstOff) {
        for (int a = 0; a < sh; a++) {
            for (int bp = 0; bp < sw; bp++) {
                if (!phaseRead[a * sw + bp]) {
                    continue;
                }
                int pb = dstOff + planeAt(0, a, bp);
                for (int i = 0; i < hph; i++) {
                    int y = sh * i + a - padTop;
                    int d = pb + i * wph;
                    if (!replicate && (y < 0 || y >= inH)) {
                        Arrays.fill(dst, d, d + wph, 0f);
                        continue;
                    }
                    int row = ch + Math.min(Math.max(y, 0), inH - 1) * inW;
                    if (sw == 1 && !replicate) {
                        int x0 = Math.min(wph, padLeft);
                        int x1 = Math.min(wph, padLeft + inW);
                        zero(dst, d, d + x0);
                        System.arraycopy(in, row, dst, d + x0, x1 - x0);
                        zero(dst, d + x1, d + wph);
                        continue;
                    }
                    writeRow(in, row, dst, d, bp);
                }
            }
        }
    }

    /** One plane row of column phase {@code bp}: the interior without a branch, the edges clamped or zero. */
    private void writeRow(float[] in, int row, float[] dst, int d, int bp) {
        // plane column j holds padded column sw*j + bp, input column x = sw*j + bp - padLeft
        int j0 = Math.max(0, ceilDiv(padLeft - bp, sw));
        int j1 = Math.min(wph, ceilDiv(inW + padLeft - bp, sw));
        for (int j = 0; j < Math.min(j0, wph); j++) {
            dst[d + j] = replicate ? in[row] : 0f;
        }
        int x = sw * j0 + bp - padLeft;
        for (int j = j0; j < j1; j++, x += sw) {
            dst[d + j] = in[row + x];
        }
        for (int j = Math.max(j1, 0); j < wph; j++) {
            dst[d + j] = replicate ? in[row + inW - 1] : 0f;
        }
    }

    /** {@code dst[from, to) = 0}: a loop for the few floats of a row's padding, where a call of Arrays.fill costs more. */
    private static void zero(float[] dst, int from, int to) {
        if (to - from > 8) {
            Arrays.fill(dst, from, to, 0f);
            return;
        }
        for (int i = from; i < to; i++) {
            dst[i] = 0f;
        }
    }

    private static int ceilDiv(int a, int b) {
        return Math.floorDiv(a + b - 1, b);
    }

    /**
     * The adjoint of {@link #write} for channels {@code [c0, c1)}: each input pixel gets the gradient of every
     * padded position that holds it (itself, and for replicate the border positions that copy it). Assigns.
     */
    void readBack(float[] g, float[] dx, int image, int c0, int c1) {
        for (int c = c0; c < c1; c++) {
            int ch = image + c * inH * inW;
            if (!replicate) {
                for (int y = 0; y < inH; y++) {
                    int py = y + padTop;
                    int a = py % sh;
                    for (int bp = 0; bp < sw; bp++) {
                        // input columns x with (x + padLeft) % sw == bp sit at plane column (x + padLeft) / sw
                        int src = planeAt(c, a, bp) + (py / sh) * wph;
                        if (sw == 1) {
                            System.arraycopy(g, src + padLeft, dx, ch + y * inW, inW);
                            continue;
                        }
                        for (int x = Math.floorMod(bp - padLeft, sw); x < inW; x += sw) {
                            dx[ch + y * inW + x] = g[src + (x + padLeft) / sw];
                        }
                    }
                }
                continue;
            }
            Arrays.fill(dx, ch, ch + inH * inW, 0f);
            int ph = inH + padTop + padBottom;
            int pw = inW + padLeft + padRight;
            for (int py = 0; py < ph; py++) {
                int y = Math.min(Math.max(py - padTop, 0), inH - 1);
                for (int px = 0; px < pw; px++) {
                    int x = Math.min(Math.max(px - padLeft, 0), inW - 1);
                    dx[ch + y * inW + x] += g[planeAt(c, py % sh, px % sw) + (py / sh) * wph + px / sw];
                }
            }
        }
    }
}
