package dev.kiln.runtime.data.image;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import javax.imageio.ImageIO;

/** Test pictures encoded with ImageIO's writers, and hand-built PNG streams. */
final class Pictures {
    private Pictures() {
    }

    static byte[] encode(BufferedImage image, String format) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            if (!ImageIO.write(image, format, out)) {
                throw new IllegalStateException("no writer for " + format);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An RGB picture whose pixel (x, y) is {@code rgb[y][x]} as 0xRRGGBB. */
    static BufferedImage rgb(int[][] rgb) {
        BufferedImage image = new BufferedImage(rgb[0].length, rgb.length, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < rgb.length; y++) {
            for (int x = 0; x < rgb[0].length; x++) {
                image.setRGB(x, y, rgb[y][x]);
            }
        }
        return image;
    }

    /** A grey picture whose pixel (x, y) is {@code grey[y][x]}, stored as 8-bit grey samples. */
    static BufferedImage grey(int[][] grey) {
        BufferedImage image = new BufferedImage(grey[0].length, grey.length, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < grey.length; y++) {
            for (int x = 0; x < grey[0].length; x++) {
                image.getRaster().setSample(x, y, 0, grey[y][x]);
            }
        }
        return image;
    }

    /**
     * A valid 1-bit grey PNG of {@code width x height} black pixels: tiny on disk (zeros deflate
     * about 1000:1), enormous once decoded. The decompression bomb of the robustness tests.
     */
    static byte[] blackPng(int width, int height) {
        try {
            ByteArrayOutputStream png = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(png);
            out.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A});
            ByteArrayOutputStream ihdr = new ByteArrayOutputStream();
            DataOutputStream h = new DataOutputStream(ihdr);
            h.writeInt(width);
            h.writeInt(height);
            h.write(new byte[] {1, 0, 0, 0, 0}); // bit depth 1, grey, deflate, filter 0, no interlace
            chunk(out, "IHDR", ihdr.toByteArray());
            int rowBytes = 1 + (width + 7) / 8; // filter byte + packed bits
            Deflater deflater = new Deflater(9);
            ByteArrayOutputStream idat = new ByteArrayOutputStream();
            byte[] zeros = new byte[rowBytes * 64];
            byte[] buffer = new byte[1 << 16];
            for (long left = (long) rowBytes * height; left > 0; ) {
                int n = (int) Math.min(zeros.length, left);
                deflater.setInput(zeros, 0, n);
                left -= n;
                while (!deflater.needsInput()) {
                    idat.write(buffer, 0, deflater.deflate(buffer));
                }
            }
            deflater.finish();
            while (!deflater.finished()) {
                idat.write(buffer, 0, deflater.deflate(buffer));
            }
            chunk(out, "IDAT", idat.toByteArray());
            chunk(out, "IEND", new byte[0]);
            return png.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void chunk(DataOutputStream out, String type, byte[] data) throws IOException {
        out.writeInt(data.length);
        byte[] t = type.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        out.write(t);
        out.write(data);
        CRC32 crc = new CRC32();
        crc.update(t);
        crc.update(data);
        out.writeInt((int) crc.getValue());
    }
}
