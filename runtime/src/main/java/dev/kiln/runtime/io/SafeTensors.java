package dev.kiln.runtime.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * Reads and writes the safetensors format (Hugging Face's, so files interoperate with Python's
 * {@code safetensors} and PyTorch): an unsigned 64-bit little-endian header length N, N bytes of
 * UTF-8 JSON {@code {"NAME": {"dtype": "F32", "shape": [...], "data_offsets": [begin, end]}, ...,
 * "__metadata__": {"key": "value"}}} (offsets relative to the payload's start, the header padded
 * with spaces to 8-byte alignment), then the payload of little-endian values. Kiln writes and reads
 * F32 only.
 *
 * <p>Kiln adds {@code __metadata__["kiln.crc32c"]}, the CRC-32C of the payload in 8 hex digits,
 * checked on every read that finds it. Saving is atomic (see {@link AtomicFiles}); reading validates
 * the header completely against the file's length before allocating for the tensors, and throws
 * only {@link CheckpointException}.
 */
public final class SafeTensors {
    private static final int CHUNK = 1 << 16;

    private SafeTensors() {
    }

    /**
     * A tensor of 32-bit floats, row-major. {@code data} is held, not copied.
     *
     * @param dtype always {@code "F32"}
     * @param shape PyTorch's size, each dimension at least 0
     * @param data  {@code product(shape)} values
     */
    public record Tensor(String dtype, int[] shape, float[] data) {
        /**
         * Checks the dtype (F32 or I64) and that the shape (no negative dimension) holds as many values as
         * {@code data}; copies the shape.
         */
        public Tensor {
            if (!SafeTensorsHeader.F32.equals(dtype) && !SafeTensorsHeader.I64.equals(dtype)) {
                throw new IllegalArgumentException("dtype " + dtype + ": Kiln writes F32 tensors and I64 counters only");
            }
            shape = shape.clone();
            long count = 1;
            for (int d : shape) {
                if (d < 0) {
                    throw new IllegalArgumentException("shape " + TensorEntry.shapeText(shape) + " has a negative dimension");
                }
                count = Math.multiplyExact(count, d);
            }
            if (count != data.length) {
                throw new IllegalArgumentException("shape " + TensorEntry.shapeText(shape) + " holds " + count
                        + " values but data has " + data.length);
            }
        }

        /** An I64 tensor (a counter such as {@code num_batches_tracked}), whole numbers held as floats. */
        public static Tensor i64(int[] shape, float[] data) {
            return new Tensor(SafeTensorsHeader.I64, shape, data);
        }

        /** An F32 tensor. */
        public static Tensor f32(int[] shape, float[] data) {
            return new Tensor(SafeTensorsHeader.F32, shape, data);
        }

        @Override
        public int[] shape() {
            return shape.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Tensor t && t.dtype.equals(dtype) && Arrays.equals(t.shape, shape)
                    && Arrays.equals(t.data, data);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(shape) * 31 + Arrays.hashCode(data);
        }

        @Override
        public String toString() {
            return dtype + TensorEntry.shapeText(shape);
        }
    }

    /**
     * A file's tensors in header order and its metadata (including {@code kiln.crc32c} when the
     * file has one).
     */
    public record Contents(Map<String, Tensor> tensors, Map<String, String> metadata) {
        /** Copies both maps, keeping their order. */
        public Contents {
            tensors = Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
            metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
        }
    }

    /**
     * Writes {@code tensors}, back to back in the map's order, with {@code metadata} plus
     * {@code kiln.crc32c}, atomically: a crash leaves the previous file or the new one.
     *
     * @throws CheckpointException when the file cannot be written; the previous file is then unchanged
     */
    public static void write(Path file, LinkedHashMap<String, Tensor> tensors, Map<String, String> metadata) {
        if (tensors.containsKey(SafeTensorsHeader.METADATA_KEY)) {
            throw new IllegalArgumentException(file + ": \"" + SafeTensorsHeader.METADATA_KEY
                    + "\" is reserved by the format and cannot name a tensor");
        }
        List<Tensor> ordered = List.copyOf(tensors.values());
        Map<String, String> allMetadata = new LinkedHashMap<>(metadata);
        allMetadata.put(SafeTensorsReader.CHECKSUM_KEY, SafeTensorsReader.hex(checksum(ordered)));
        Map<String, int[]> shapes = new LinkedHashMap<>();
        Map<String, String> dtypes = new LinkedHashMap<>();
        tensors.forEach((name, t) -> {
            shapes.put(name, t.shape);
            dtypes.put(name, t.dtype);
        });
        byte[] header = padded(SafeTensorsHeader.encode(shapes, dtypes, allMetadata).getBytes(StandardCharsets.UTF_8));
        AtomicFiles.replace(file, channel -> {
            ByteBuffer length = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(0, header.length);
            writeFully(channel, length);
            writeFully(channel, ByteBuffer.wrap(header));
            encode(ordered, null, channel);
        });
    }

    /**
     * Reads a whole safetensors file of F32 tensors.
     *
     * @throws CheckpointException naming the field and the numbers when the file is damaged, is not
     *                             safetensors, holds another dtype, or fails its checksum
     */
    public static Contents read(Path file) {
        try (SafeTensorsReader reader = SafeTensorsReader.open(file)) {
            SafeTensorsHeader.Parsed header = reader.header();
            List<TensorEntry> ordered = header.inPayloadOrder();
            float[][] arrays = new float[ordered.size()][];
            for (int i = 0; i < arrays.length; i++) {
                arrays[i] = new float[ordered.get(i).count()];
            }
            reader.readPayload(arrays, new int[arrays.length]);
            Map<String, float[]> byName = new LinkedHashMap<>();
            for (int i = 0; i < arrays.length; i++) {
                byName.put(ordered.get(i).name(), arrays[i]);
            }
            Map<String, Tensor> tensors = new LinkedHashMap<>();
            header.byName().forEach((name, entry) -> tensors.put(name, entry.int64() ? Tensor.i64(entry.shape(), byName.get(name))
                    : Tensor.f32(entry.shape(), byName.get(name))));
            return new Contents(tensors, header.metadata());
        }
    }

    /** Pads with spaces (which JSON ignores) so that the payload starts at a multiple of 8. */
    private static byte[] padded(byte[] header) {
        int length = (header.length + 7) / 8 * 8;
        byte[] out = Arrays.copyOf(header, length);
        Arrays.fill(out, header.length, length, (byte) ' ');
        return out;
    }

    private static long checksum(List<Tensor> tensors) {
        CRC32C crc = new CRC32C();
        try {
            encode(tensors, crc, null);
        } catch (IOException e) {
            throw new IllegalStateException("no I/O happens while only checksumming", e);
        }
        return crc.getValue();
    }

    /** Encodes the payload in chunks into {@code crc} and/or {@code channel}, whichever is not null. */
    private static void encode(List<Tensor> tensors, CRC32C crc, FileChannel channel) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(CHUNK).order(ByteOrder.LITTLE_ENDIAN);
        for (Tensor t : tensors) {
            float[] data = t.data;
            boolean int64 = SafeTensorsHeader.I64.equals(t.dtype);
            int size = int64 ? Long.BYTES : Float.BYTES;
            for (int start = 0; start < data.length; start += CHUNK / size) {
                int floats = Math.min(data.length - start, CHUNK / size);
                buffer.clear();
                for (int i = 0; i < floats; i++) {
                    if (int64) {
                        buffer.putLong(i * size, (long) data[start + i]);
                    } else {
                        buffer.putFloat(i * size, data[start + i]);
                    }
                }
                buffer.limit(floats * size);
                if (crc != null) {
                    crc.update(buffer.array(), 0, floats * size);
                }
                if (channel != null) {
                    writeFully(channel, buffer);
                }
            }
        }
    }

    private static void writeFully(FileChannel channel, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }
}
