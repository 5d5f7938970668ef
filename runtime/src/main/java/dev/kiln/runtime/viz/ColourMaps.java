package dev.kiln.runtime.viz;

import java.awt.Color;

/**
 * The colour scales the pictures use: a perceptually ordered sequential scale (viridis' anchor
 * colours, linearly interpolated) for activations and fractions, a blue-white-red diverging scale
 * for signed weights, and a grey scale for input images.
 */
public final class ColourMaps {
    private static final int[] VIRIDIS = {
        0x440154, 0x482878, 0x3E4A89, 0x31688E, 0x26828E, 0x1F9E89, 0x35B779, 0x6DCD59, 0xB4DE2C, 0xFDE725,
    };
    private static final int[] BLUES = {0xF7FBFF, 0xDEEBF7, 0xC6DBEF, 0x9ECAE1, 0x6BAED6, 0x4292C6, 0x2171B5, 0x08519C, 0x08306B};
    private static final int[] DIVERGING = {0x2166AC, 0x4393C3, 0x92C5DE, 0xD1E5F0, 0xF7F7F7, 0xFDDBC7, 0xF4A582, 0xD6604D, 0xB2182B};

    private ColourMaps() {
    }

    /** Viridis at {@code t} in [0, 1] (clamped; NaN is drawn magenta so it cannot pass unnoticed). */
    public static int viridis(double t) {
        return interpolate(VIRIDIS, t);
    }

    /** White to dark blue at {@code t} in [0, 1]: the confusion matrix. */
    public static int blues(double t) {
        return interpolate(BLUES, t);
    }

    /** Blue (-1) through white (0) to red (+1) for {@code t} in [-1, 1]. */
    public static int diverging(double t) {
        return interpolate(DIVERGING, (t + 1) / 2);
    }

    /** Black (0) to white (1). */
    public static int grey(double t) {
        if (Double.isNaN(t)) {
            return 0xFF00FF;
        }
        int v = (int) Math.round(Math.max(0, Math.min(1, t)) * 255);
        return v << 16 | v << 8 | v;
    }

    /** Black or white, whichever reads better on {@code rgb}. */
    public static Color textOn(int rgb) {
        double luminance = 0.299 * (rgb >> 16 & 0xFF) + 0.587 * (rgb >> 8 & 0xFF) + 0.114 * (rgb & 0xFF);
        return luminance > 140 ? Canvas.INK : Color.WHITE;
    }

    private static int interpolate(int[] anchors, double t) {
        if (Double.isNaN(t)) {
            return 0xFF00FF;
        }
        double x = Math.max(0, Math.min(1, t)) * (anchors.length - 1);
        int i = Math.min((int) x, anchors.length - 2);
        double f = x - i;
        int a = anchors[i];
        int b = anchors[i + 1];
        int r = (int) Math.round((a >> 16 & 0xFF) * (1 - f) + (b >> 16 & 0xFF) * f);
        int g = (int) Math.round((a >> 8 & 0xFF) * (1 - f) + (b >> 8 & 0xFF) * f);
        int bl = (int) Math.round((a & 0xFF) * (1 - f) + (b & 0xFF) * f);
        return r << 16 | g << 8 | bl;
    }
}
