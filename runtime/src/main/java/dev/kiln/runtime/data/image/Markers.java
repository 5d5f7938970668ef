package dev.kiln.runtime.data.image;

/**
 * What a picture's headers say beyond its size, read from the bytes without decoding: the EXIF
 * orientation (a JPEG's APP1 {@code Exif} segment, a PNG's {@code eXIf} chunk), and for a JPEG the
 * number of components in its frame and the colour transform of its Adobe APP14 segment (0: none,
 * CMYK stored as is; 1: YCbCr; 2: YCCK), which Java's reader does not apply to four-component files.
 *
 * @param orientation    how the stored pixels turn upright
 * @param components     a JPEG frame's components (1, 3 or 4), 0 for other formats or when no frame header was found
 * @param adobeTransform a JPEG's Adobe APP14 transform, or -1 when it has no Adobe segment
 */
record Markers(Orientation orientation, int components, int adobeTransform) {
    private static final Markers NONE = new Markers(Orientation.UPRIGHT, 0, -1);

    /** The markers of {@code encoded} in {@code format}; what cannot be read is left at its default. */
    static Markers of(ImageFormat format, byte[] encoded) {
        return switch (format) {
            case JPEG -> jpeg(encoded);
            case PNG -> png(encoded);
            case BMP, GIF -> NONE;
        };
    }

    /** Walks the JPEG segments up to the first scan (SOS). */
    private static Markers jpeg(byte[] b) {
        Orientation orientation = null;
        int components = 0;
        int transform = -1;
        int at = 2; // after SOI
        while (at + 4 <= b.length) {
            if ((b[at] & 0xFF) != 0xFF) {
                break; // not a marker: damaged, the reader will say so
            }
            int marker = b[at + 1] & 0xFF;
            if (marker == 0xFF) {
                at++; // fill byte
                continue;
            }
            if (marker == 0xDA || marker == 0xD9) {
                break; // start of scan, end of image
            }
            if (marker == 0x01 || marker >= 0xD0 && marker <= 0xD7) {
                at += 2; // markers without a length
                continue;
            }
            int length = (b[at + 2] & 0xFF) << 8 | b[at + 3] & 0xFF;
            int body = at + 4;
            int bodyLength = Math.min(length - 2, b.length - body);
            boolean frame = marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
            if (frame && bodyLength >= 6) {
                components = b[body + 5] & 0xFF;
            } else if (marker == 0xEE && bodyLength >= 12 && startsWith(b, body, "Adobe")) {
                transform = b[body + 11] & 0xFF;
            } else if (marker == 0xE1 && orientation == null && bodyLength >= 14 && startsWith(b, body, "Exif\0\0")) {
                orientation = Orientation.ofTiff(b, body + 6, bodyLength - 6);
            }
            at += 2 + length;
        }
        return new Markers(orientation == null ? Orientation.UPRIGHT : orientation, components, transform);
    }

    /** Walks the PNG chunks for {@code eXIf}. */
    private static Markers png(byte[] b) {
        int at = 8; // after the signature
        while (at + 8 <= b.length) {
            long length = ((long) (b[at] & 0xFF) << 24) | (b[at + 1] & 0xFF) << 16 | (b[at + 2] & 0xFF) << 8 | b[at + 3] & 0xFF;
            if (length > b.length - at - 12) {
                break;
            }
            if (startsWith(b, at + 4, "eXIf")) {
                return new Markers(Orientation.ofTiff(b, at + 8, (int) length), 0, -1);
            }
            if (startsWith(b, at + 4, "IEND")) {
                break;
            }
            at += 12 + (int) length;
        }
        return NONE;
    }

    private static boolean startsWith(byte[] b, int at, String ascii) {
        if (at + ascii.length() > b.length) {
            return false;
        }
        for (int i = 0; i < ascii.length(); i++) {
            if (b[at + i] != (byte) ascii.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
