package dev.kiln.runtime.viz;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.Locale;

/**
 * A conv layer's learned kernels: one tile per (filter, input channel), filters as rows and input
 * channels as columns, all on one symmetric blue-white-red scale (so magnitudes compare across
 * the layer; the scale is printed). A layer reading three channels also gets a colour composite
 * per filter (weights mapped around mid-grey into RGB), the usual picture of first-layer filters.
 */
public final class FilterPicture {
    private FilterPicture() {
    }

    /**
     * @param title   e.g. {@code LeNet5 c1.weight (6, 1, 5, 5)}
     * @param weights the weight tensor, PyTorch's layout {@code (out, in, kh, kw)}
     * @param shape   {@code {out, in, kh, kw}}
     */
    public static BufferedImage render(String title, float[] weights, int[] shape) {
        if (shape.length != 4) {
            throw new IllegalArgumentException("filters need a 4-D weight (out, in, kh, kw), got " + shape.length + " dimensions");
        }
        int out = shape[0];
        int in = shape[1];
        int kh = shape[2];
        int kw = shape[3];
        if ((long) out * in * kh * kw != weights.length) {
            throw new IllegalArgumentException("a weight of shape (" + out + ", " + in + ", " + kh + ", " + kw + ") needs "
                    + (long) out * in * kh * kw + " values, got " + weights.length);
        }
        float max = 0;
        for (float v : weights) {
            if (Float.isFinite(v)) {
                max = Math.max(max, Math.abs(v));
            }
        }
        boolean composite = in == 3;
        int columns = in + (composite ? 1 : 0);
        // a layer reading one channel lays its filters out side by side, up to 8 a row, labelled below
        boolean wrap = in == 1;
        int perRow = wrap ? Math.min(8, out) : 1;
        int rows = (out + perRow - 1) / perRow;
        int tiles = wrap ? perRow : columns;
        int tile = Math.max(12, Math.min(96, Math.min(1400 / tiles, 2400 / Math.max(1, rows))));
        boolean showValues = kh * kw <= 9 && (long) out * columns <= 64;
        int scale = showValues ? 48 : Math.max(1, tile / Math.max(kh, kw));
        int tileW = kw * scale;
        int tileH = kh * scale;
        int gap = tileW >= 30 ? 8 : 3;
        int labelH = wrap ? 20 : 0;
        int gridW = tiles * (tileW + gap) + (wrap ? perRow * 8 : 0);
        int width = Math.max(60 + gridW + 30, 460);
        int left = Math.max(60, (width - gridW) / 2);
        int top = wrap ? 84 : 104;
        int rowH = tileH + gap + labelH;
        Canvas c = new Canvas(width, top + rows * rowH + 20);
        c.font(15, true);
        c.centred(title, width / 2.0, 22);
        legend(c, width, max);

        c.font(tileW >= 30 ? 11 : 9, false);
        c.g.setColor(Canvas.INK);
        if (!wrap) {
            int every = Math.max(1, (int) Math.ceil(14.0 / rowH));
            for (int f = 0; f < out; f += every) {
                c.rightAligned("f" + f, left - 6, top + f * rowH + tileH / 2.0);
            }
            int everyColumn = Math.max(1, (int) Math.ceil(40.0 / (tileW + gap)));
            for (int i = 0; i < in; i += everyColumn) {
                c.centred(composite ? "in " + i + " (" + "RGB".charAt(i) + ")" : columns <= 12 ? "in " + i : Integer.toString(i), left + i * (tileW + gap) + tileW / 2.0, top - 12);
            }
            if (composite) {
                c.centred("RGB", left + in * (tileW + gap) + tileW / 2.0, top - 12);
            }
        }
        for (int f = 0; f < out; f++) {
            int y = top + (f / perRow) * rowH;
            int x0 = left + (f % perRow) * (tileW + gap + 8);
            for (int i = 0; i < in; i++) {
                int x = x0 + i * (tileW + gap);
                int base = ((f * in) + i) * kh * kw;
                for (int ky = 0; ky < kh; ky++) {
                    for (int kx = 0; kx < kw; kx++) {
                        float v = weights[base + ky * kw + kx];
                        int rgb = ColourMaps.diverging(max == 0 ? 0 : v / max);
                        c.g.setColor(new Color(rgb));
                        c.g.fillRect(x + kx * scale, y + ky * scale, scale, scale);
                        if (showValues) {
                            c.font(13, false);
                            c.g.setColor(ColourMaps.textOn(rgb));
                            c.centred(String.format(Locale.ROOT, "%.2f", v), x + kx * scale + scale / 2.0,
                                    y + ky * scale + scale / 2.0);
                        }
                    }
                }
                c.g.setColor(Canvas.GRID);
                c.frame(x, y, tileW, tileH);
            }
            if (wrap) {
                c.font(11, false);
                c.g.setColor(Canvas.INK);
                c.centred("f" + f, x0 + tileW / 2.0, y + tileH + 10);
            }
            if (composite) {
                int x = x0 + in * (tileW + gap);
                for (int ky = 0; ky < kh; ky++) {
                    for (int kx = 0; kx < kw; kx++) {
                        int rgb = 0;
                        for (int ch = 0; ch < 3; ch++) {
                            float v = weights[((f * in) + ch) * kh * kw + ky * kw + kx];
                            int level = (int) Math.round(Math.max(0, Math.min(1, 0.5 + (max == 0 ? 0 : v / max) / 2)) * 255);
                            rgb = rgb << 8 | level;
                        }
                        c.g.setColor(new Color(rgb));
                        c.g.fillRect(x + kx * scale, y + ky * scale, scale, scale);
                    }
                }
                c.g.setColor(Canvas.GRID);
                c.frame(x, y, tileW, tileH);
            }
        }
        return c.finish();
    }

    private static void legend(Canvas c, int width, float max) {
        int barW = 160;
        int x = width / 2 - barW / 2;
        int y = 40;
        for (int i = 0; i < barW; i++) {
            c.g.setColor(new Color(ColourMaps.diverging(2.0 * i / (barW - 1) - 1)));
            c.g.drawLine(x + i, y, x + i, y + 12);
        }
        c.g.setColor(Canvas.MUTED);
        c.g.drawRect(x, y, barW, 12);
        c.font(11, false);
        c.rightAligned(String.format(Locale.ROOT, "%.3f", -max), x - 6, y + 6);
        c.leftAligned(String.format(Locale.ROOT, "+%.3f", max), x + barW + 6, y + 6);
        c.centred("0", x + barW / 2.0, y + 24);
    }
}
