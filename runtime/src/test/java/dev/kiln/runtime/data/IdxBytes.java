package dev.kiln.runtime.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/** Builds IDX files byte by byte, following LeCun's description of the format, for the tests. */
final class IdxBytes {
    private IdxBytes() {
    }

    /** Magic {@code 00 00 dtype rank}, big-endian dims, then {@code values}. */
    static byte[] idx(int dtype, int[] dims, byte[] values) {
        ByteBuffer b = ByteBuffer.allocate(4 + 4 * dims.length + values.length);
        b.put((byte) 0).put((byte) 0).put((byte) dtype).put((byte) dims.length);
        for (int d : dims) {
            b.putInt(d);
        }
        return b.put(values).array();
    }

    static byte[] images(int count, int height, int width) {
        byte[] values = new byte[count * height * width];
        for (int i = 0; i < values.length; i++) {
            values[i] = (byte) (i * 7);
        }
        return idx(0x08, new int[] {count, height, width}, values);
    }

    static byte[] labels(int... labels) {
        byte[] values = new byte[labels.length];
        for (int i = 0; i < labels.length; i++) {
            values[i] = (byte) labels[i];
        }
        return idx(0x08, new int[] {labels.length}, values);
    }

    static byte[] gzip(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static Path write(Path file, byte[] bytes) {
        try {
            return Files.write(file, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
