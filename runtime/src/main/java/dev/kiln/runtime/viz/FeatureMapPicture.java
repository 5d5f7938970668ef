package dev.kiln.runtime.viz;

import dev.kiln.spec.Shape;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.Locale;

/**
 * What one layer "sees" for one image: every channel of its output as a tile in a grid, each
 * tile labelled with its channel and value range and scaled to its own range (viridis, dark =
 * its minimum) so that weak channels still show their structure. A vector output (after flatten
 * or a dense layer) is drawn as one bar per unit. The input image comes first when given.
 */
public final class FeatureMapPicture {
    private static final int MAX_COLUMNS = 8;
    private static final int TARGET_TILE = 96;

    private FeatureMapPicture() {
    }

    /**
     * @param title      e.g. {@code LeNet5 c1 (6, 28, 28), test image 0: Ankle boot}
     * @param maps       the layer's output for one image, {@code shape.size()} values, channel-major
     * @param shape      the layer's output shape
     * @param input      the input image ({@code inputShape.size()} values in [0, 1]), or null
     * @param inputShape the input's shape (1 channel: grey, 3: RGB, else its first channel), or null
     */
    public static BufferedImage render(String title, float[] maps, Shape shape, float[] input, Shape inputShape) {
        if (maps.length != shape.size()) {
            throw new IllegalArgumentException("feature maps of shape " + shape + " need " + shape.size()
                    + " values, got " + maps.length);
        }
        if (input != null && (inputShape == null || input.length != inputShape.size())) {
            throw new IllegalArgumentException("the input image has " + input.length + " values but its shape is " + inputShape);
        }
        return shape.isVector() ? vector(title, maps, input, inputShape) : grid(title, maps, shape, input, inputShape);
    }

    private static BufferedImage grid(String title, float[] maps, Shape shape, float[] input, Shape inputShape) {
        int channels = shape.channels();
        int h = shape.height();
        int w = shape.width();
        int scale = Math.max(1, TARGET_TILE / Math.max(h, w));
        int tileW = w * scale;
        int tileH = h * scale;
        int cellW = Math.max(tileW, 90) + 14;
        int cellH = tileH + 36;
        int tiles = channels + (input != null ? 1 : 0);
        int columns = Math.min(MAX_COLUMNS, tiles);
        int rows = (tiles + columns - 1) / columns;
        int top = 50;
        Canvas c = new Canvas(Math.max(columns * cellW + 20, 420), top + rows * cellH + 10);
        c.font(15, true);
        c.centred(title, c.image.getWidth() / 2.0, 22);

        int slot = 0;
        if (input != null) {
            int inScale = Math.max(1, Math.min(tileW / inputShape.width(), tileH / inputShape.height()));
            BufferedImage picture = Images.input(input, inputShape, inScale);
            drawTile(c, picture, slot++, columns, cellW, cellH, top, "input", null);
        }
        int plane = h * w;
        for (int ch = 0; ch < channels; ch++) {
            float lo = Float.POSITIVE_INFINITY;
            float hi = Float.NEGATIVE_INFINITY;
            for (int i = 0; i < plane; i++) {
                float v = maps[ch * plane + i];
                if (!Float.isNaN(v)) {
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
            }
            BufferedImage tile = new BufferedImage(tileW, tileH, BufferedImage.TYPE_INT_RGB);
            for (int y = 0; y < tileH; y++) {
                for (int x = 0; x < tileW; x++) {
                    float v = maps[ch * plane + (y / scale) * w + x / scale];
                    double t = hi > lo ? (v - lo) / (hi - lo) : (Float.isNaN(v) ? Double.NaN : 0);
                    tile.setRGB(x, y, ColourMaps.viridis(t));
                }
            }
            String range = lo == Float.POSITIVE_INFINITY ? "all NaN"
                    : String.format(Locale.ROOT, "%.2f..%.2f", lo, hi);
            drawTile(c, tile, slot++, columns, cellW, cellH, top, "ch " + ch, range);
        }
        return c.finish();
    }

    private static void drawTile(Canvas c, BufferedImage tile, int slot, int columns, int cellW, int cellH, int top,
                                 String label, String range) {
        int cx = 10 + (slot % columns) * cellW + cellW / 2;
        int y = top + (slot / columns) * cellH;
        int x = cx - tile.getWidth() / 2;
        c.g.drawImage(tile, x, y, null);
        c.g.setColor(Canvas.MUTED);
        c.frame(x, y, tile.getWidth(), tile.getHeight());
        c.font(12, true);
        c.g.setColor(Canvas.INK);
        c.centred(label, cx, y + tile.getHeight() + 10);
        if (range != null) {
            c.font(10, false);
            c.g.setColor(Canvas.MUTED);
            c.centred(range, cx, y + tile.getHeight() + 23);
        }
    }

    private static BufferedImage vector(String title, float[] values, float[] input, Shape inputShape) {
        int n = values.length;
        int barW = Math.max(2, Math.min(40, 900 / n));
        int plotW = barW * n;
        int inputW = input != null ? 130 : 0;
        int left = 30 + inputW + 50;
        int top = 60;
        int plotH = 260;
        Canvas c = new Canvas(Math.max(left + plotW + 30, 420), top + plotH + 60);
        c.font(15, true);
        c.centred(title, c.image.getWidth() / 2.0, 22);
        if (input != null) {
            int inScale = Math.max(1, 112 / Math.max(inputShape.height(), inputShape.width()));
            BufferedImage picture = Images.input(input, inputShape, inScale);
            c.g.drawImage(picture, 30, top, null);
            c.font(12, true);
            c.centred("input", 30 + picture.getWidth() / 2.0, top + picture.getHeight() + 12);
        }
        double lo = 0;
        double hi = 0;
        for (float v : values) {
            if (Float.isFinite(v)) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
        }
        if (hi == lo) {
            hi = lo + 1;
        }
        double zero = top + plotH * hi / (hi - lo);
        c.g.setColor(Canvas.MUTED);
        c.g.drawLine(left, (int) zero, left + plotW, (int) zero);
        for (int i = 0; i < n; i++) {
            double v = Float.isFinite(values[i]) ? values[i] : 0;
            double y = top + plotH * (hi - v) / (hi - lo);
            c.g.setColor(v >= 0 ? new Color(0x4C72B0) : new Color(0xC44E52));
            int y0 = (int) Math.round(Math.min(y, zero));
            int height = Math.max(1, (int) Math.round(Math.abs(zero - y)));
            c.g.fillRect(left + i * barW + (barW > 3 ? 1 : 0), y0, Math.max(1, barW - (barW > 3 ? 2 : 0)), height);
        }
        c.font(11, false);
        c.g.setColor(Canvas.MUTED);
        c.rightAligned(String.format(Locale.ROOT, "%.2f", hi), left - 6, top);
        c.rightAligned(String.format(Locale.ROOT, "%.2f", lo), left - 6, top + plotH);
        int every = Math.max(1, (int) Math.ceil(n / 20.0));
        for (int i = 0; i < n; i += every) {
            c.centred(Integer.toString(i), left + i * barW + barW / 2.0, top + plotH + 14);
        }
        c.font(13, true);
        c.g.setColor(Canvas.INK);
        c.centred("unit", left + plotW / 2.0, top + plotH + 38);
        return c.finish();
    }
}
