package dev.kiln.runtime.data.image;

import java.awt.image.Raster;

/**
 * Four-component JPEGs (CMYK and YCCK, as Photoshop, ImageMagick's {@code -colorspace CMYK} and Pillow
 * write them) to RGB, as libjpeg and Pillow read them: the raw components Java's reader returns are
 * turned into CMYK by the file's Adobe APP14 transform, then into RGB by Pillow's {@code convert("RGB")}
 * ({@code R = (255 - K) - C (255 - K) / 255}, no colour profile).
 *
 * <ul>
 *   <li>Adobe transform 2 (YCCK): the first three components are YCbCr of the inverted C, M and Y, which
 *       libjpeg's {@code ycck_cmyk_convert} turns back with JFIF's YCbCr equations (its fixed-point tables,
 *       copied below); K is stored inverted.</li>
 *   <li>Adobe transform 0: CMYK stored inverted (Adobe's convention), as Pillow's {@code CMYK;I} reads it.</li>
 *   <li>No Adobe segment: CMYK stored as is.</li>
 * </ul>
 */
final class Cmyk {
    private static final int SCALE_BITS = 16;
    private static final int ONE_HALF = 1 << (SCALE_BITS - 1);
    private static final int[] CR_R = new int[256];
    private static final int[] CB_B = new int[256];
    private static final int[] CR_G = new int[256];
    private static final int[] CB_G = new int[256];

    static {
        // libjpeg's jdcolor.c build_ycc_rgb_table: FIX(x) = (int) (x * 65536 + 0.5)
        for (int i = 0; i < 256; i++) {
            int x = i - 128;
            CR_R[i] = (fix(1.40200) * x + ONE_HALF) >> SCALE_BITS;
            CB_B[i] = (fix(1.77200) * x + ONE_HALF) >> SCALE_BITS;
            CR_G[i] = -fix(0.71414) * x;
            CB_G[i] = -fix(0.34414) * x + ONE_HALF;
        }
    }

    private Cmyk() {
    }

    private static int fix(double x) {
        return (int) (x * (1 << SCALE_BITS) + 0.5);
    }

    /**
     * The raster's pixels as packed {@code 0xRRGGBB}, row by row.
     *
     * @param adobeTransform the Adobe APP14 transform, -1 for none
     * @throws ImageDecodeException for a transform that is neither CMYK nor YCCK
     */
    static int[] toRgb(Raster raster, int adobeTransform, String source) {
        if (adobeTransform != -1 && adobeTransform != 0 && adobeTransform != 2) {
            throw new ImageDecodeException(source + ": a JPEG with four components and Adobe colour transform "
                    + adobeTransform + " is neither CMYK (0) nor YCCK (2); Kiln cannot decode it. Convert it to RGB first");
        }
        int w = raster.getWidth();
        int h = raster.getHeight();
        int[] out = new int[w * h];
        int[] px = new int[4 * w];
        for (int y = 0; y < h; y++) {
            raster.getPixels(raster.getMinX(), raster.getMinY() + y, w, 1, px);
            for (int x = 0; x < w; x++) {
                int a = px[4 * x];
                int b = px[4 * x + 1];
                int c = px[4 * x + 2];
                int k = px[4 * x + 3];
                int cyan;
                int magenta;
                int yellow;
                int black;
                if (adobeTransform == 2) {
                    // Y, Cb, Cr of the inverted C, M, Y: JFIF's equations give them back
                    cyan = clamp(a + CR_R[c]);
                    magenta = clamp(a + ((CB_G[b] + CR_G[c]) >> SCALE_BITS));
                    yellow = clamp(a + CB_B[b]);
                    black = 255 - k;
                } else if (adobeTransform == 0) {
                    cyan = 255 - a;
                    magenta = 255 - b;
                    yellow = 255 - c;
                    black = 255 - k;
                } else {
                    cyan = a;
                    magenta = b;
                    yellow = c;
                    black = k;
                }
                int white = 255 - black;
                out[y * w + x] = rgb(white, cyan) << 16 | rgb(white, magenta) << 8 | rgb(white, yellow);
            }
        }
        return out;
    }

    /** Pillow's cmyk2rgb for one channel: {@code white - ink * white / 255}, its MULDIV255 rounding. */
    private static int rgb(int white, int ink) {
        int t = ink * white + 128;
        return clamp(white - ((t >> 8) + t >> 8));
    }

    private static int clamp(int v) {
        return Math.max(0, Math.min(255, v));
    }
}
