package dev.kiln.runtime.data.image;

/**
 * A picture's EXIF orientation (TIFF tag 274): how the stored pixels must be turned to stand upright,
 * applied as Pillow's {@code ImageOps.exif_transpose} and browsers apply it. The stored picture is
 * {@code w x h}; orientations 5 to 8 swap the two.
 *
 * <pre>
 *   1 as stored      2 mirrored left-right    3 turned 180      4 mirrored top-bottom
 *   5 transposed     6 turned 90 clockwise    7 transversed     8 turned 90 counter-clockwise
 * </pre>
 */
enum Orientation {
    UPRIGHT, MIRRORED, TURNED_180, FLIPPED, TRANSPOSED, TURNED_CLOCKWISE, TRANSVERSED, TURNED_COUNTER_CLOCKWISE;

    /** The orientation an EXIF value 1 to 8 names; any other value (absent, 0, damaged) leaves the picture as stored. */
    static Orientation ofExif(int value) {
        return value >= 1 && value <= 8 ? values()[value - 1] : UPRIGHT;
    }

    /** Whether the upright picture is {@code h x w} rather than {@code w x h}. */
    boolean swapsSides() {
        return ordinal() >= TRANSPOSED.ordinal();
    }

    /**
     * Turns {@code (channels, h, w)} bytes upright: {@code (channels, h, w)}, or {@code (channels, w, h)} when
     * {@link #swapsSides()}. Returns {@code pixels} itself when upright.
     */
    byte[] apply(byte[] pixels, int channels, int h, int w) {
        if (this == UPRIGHT) {
            return pixels;
        }
        int outH = swapsSides() ? w : h;
        int outW = swapsSides() ? h : w;
        int plane = h * w;
        byte[] out = new byte[pixels.length];
        for (int y = 0; y < outH; y++) {
            for (int x = 0; x < outW; x++) {
                // (sy, sx): where upright pixel (y, x) is stored
                int sy;
                int sx;
                switch (this) {
                    case MIRRORED -> { sy = y; sx = w - 1 - x; }
                    case TURNED_180 -> { sy = h - 1 - y; sx = w - 1 - x; }
                    case FLIPPED -> { sy = h - 1 - y; sx = x; }
                    case TRANSPOSED -> { sy = x; sx = y; }
                    case TURNED_CLOCKWISE -> { sy = h - 1 - x; sx = y; }
                    case TRANSVERSED -> { sy = h - 1 - x; sx = w - 1 - y; }
                    case TURNED_COUNTER_CLOCKWISE -> { sy = x; sx = w - 1 - y; }
                    default -> throw new AssertionError(this);
                }
                for (int c = 0; c < channels; c++) {
                    out[c * plane + y * outW + x] = pixels[c * plane + sy * w + sx];
                }
            }
        }
        return out;
    }

    /**
     * The orientation tag of an EXIF block (a TIFF header and its first directory, as a JPEG's APP1
     * after {@code Exif\0\0} or a PNG's {@code eXIf} chunk hold it), or {@link #UPRIGHT} when the block
     * has none or cannot be read: a damaged EXIF block never makes a picture unreadable.
     */
    static Orientation ofTiff(byte[] b, int start, int length) {
        int end = Math.min(b.length, start + length);
        if (end - start < 8) {
            return UPRIGHT;
        }
        boolean little;
        if (b[start] == 'I' && b[start + 1] == 'I') {
            little = true;
        } else if (b[start] == 'M' && b[start + 1] == 'M') {
            little = false;
        } else {
            return UPRIGHT;
        }
        long ifd = start + unsigned(b, start + 4, 4, little);
        if (ifd + 2 > end) {
            return UPRIGHT;
        }
        int entries = (int) unsigned(b, (int) ifd, 2, little);
        for (int i = 0; i < entries; i++) {
            int at = (int) ifd + 2 + 12 * i;
            if (at + 12 > end) {
                return UPRIGHT;
            }
            if (unsigned(b, at, 2, little) == 0x0112 && unsigned(b, at + 2, 2, little) == 3) { // Orientation, SHORT
                return ofExif((int) unsigned(b, at + 8, 2, little));
            }
        }
        return UPRIGHT;
    }

    private static long unsigned(byte[] b, int at, int bytes, boolean little) {
        long v = 0;
        for (int i = 0; i < bytes; i++) {
            int shift = little ? 8 * i : 8 * (bytes - 1 - i);
            v |= (long) (b[at + i] & 0xFF) << shift;
        }
        return v;
    }
}
