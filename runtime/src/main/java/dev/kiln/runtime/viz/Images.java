package dev.kiln.runtime.viz;

import dev.kiln.spec.Shape;
import java.awt.image.BufferedImage;

/** Network inputs as pictures: grey for one channel, colour for three, the first channel otherwise. */
public final class Images {
    private Images() {
    }

    /**
     * An input image {@code (C, H, W)} with pixels in [0, 1], enlarged {@code scale} times with
     * nearest-neighbour sampling so that pixels stay crisp.
     */
    public static BufferedImage input(float[] pixels, Shape shape, int scale) {
        if (pixels.length != shape.size()) {
            throw new IllegalArgumentException("an image of shape " + shape + " needs " + shape.size() + " values, got " + pixels.length);
        }
        if (scale < 1) {
            throw new IllegalArgumentException("scale must be at least 1, got " + scale);
        }
        int h = shape.height();
        int w = shape.width();
        int plane = h * w;
        boolean colour = shape.channels() == 3;
        BufferedImage out = new BufferedImage(w * scale, h * scale, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h * scale; y++) {
            for (int x = 0; x < w * scale; x++) {
                int i = (y / scale) * w + x / scale;
                int rgb = colour
                        ? channel(pixels[i]) << 16 | channel(pixels[plane + i]) << 8 | channel(pixels[2 * plane + i])
                        : ColourMaps.grey(pixels[i]);
                out.setRGB(x, y, rgb);
            }
        }
        return out;
    }

    private static int channel(float v) {
        return (int) Math.round(Math.max(0, Math.min(1, Float.isNaN(v) ? 0 : v)) * 255);
    }
}
