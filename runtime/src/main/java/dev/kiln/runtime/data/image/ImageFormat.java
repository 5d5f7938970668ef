package dev.kiln.runtime.data.image;

/**
 * The picture formats Kiln reads, recognised by their first bytes (not by the file name, which
 * may lie): PNG {@code 89 50 4E 47 0D 0A 1A 0A}, JPEG {@code FF D8 FF}, BMP {@code 42 4D}
 * ("BM"), GIF {@code 47 49 46 38} ("GIF8").
 */
public enum ImageFormat {
    PNG("png"),
    JPEG("jpeg"),
    BMP("bmp"),
    GIF("gif");

    /** The name {@link javax.imageio.ImageIO} knows the format's reader by. */
    final String readerName;

    ImageFormat(String readerName) {
        this.readerName = readerName;
    }

    /** The format {@code bytes} start with, or null when they start like none of the four. */
    public static ImageFormat sniff(byte[] bytes) {
        if (startsWith(bytes, 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A)) {
            return PNG;
        }
        if (startsWith(bytes, 0xFF, 0xD8, 0xFF)) {
            return JPEG;
        }
        if (startsWith(bytes, 0x47, 0x49, 0x46, 0x38)) {
            return GIF;
        }
        if (startsWith(bytes, 0x42, 0x4D) && bytes.length >= 26) {
            return BMP;
        }
        return null;
    }

    /** Whether a file name ends in an extension of one of the four formats, case-insensitively. */
    public static boolean hasImageExtension(String fileName) {
        String n = fileName.toLowerCase(java.util.Locale.ROOT);
        return n.endsWith(".png") || n.endsWith(".jpg") || n.endsWith(".jpeg") || n.endsWith(".bmp")
                || n.endsWith(".gif");
    }

    private static boolean startsWith(byte[] bytes, int... prefix) {
        if (bytes.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if ((bytes[i] & 0xFF) != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
