package dev.kiln.runtime.data;

import static dev.kiln.runtime.data.IdxBytes.gzip;
import static dev.kiln.runtime.data.IdxBytes.idx;
import static dev.kiln.runtime.data.IdxBytes.images;
import static dev.kiln.runtime.data.IdxBytes.labels;
import static dev.kiln.runtime.data.IdxBytes.write;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.runtime.io.AllocationMeter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Small IDX files made here, raw and gzip, and every validation rule of the reader. */
class IdxTest {
    private static final List<String> THREE = List.of("a", "b", "c");

    @TempDir
    Path dir;

    private Path file(String name, byte[] bytes) {
        return write(dir.resolve(name), bytes);
    }

    private IdxFormatException readFails(byte[] bytes) {
        Path f = file("bad", bytes);
        return assertThrows(IdxFormatException.class, () -> Idx.readArray(f));
    }

    private static void assertMentions(Exception e, String... parts) {
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), () -> "'" + e.getMessage() + "' should mention '" + part + "'");
        }
    }

    @Test
    void readsRawFilesAndScalesPixelsByOneOver255() {
        byte[] pixels = {0, (byte) 255, 51, (byte) 204, 1, 2, 3, 4};
        Path images = file("images", idx(0x08, new int[] {2, 2, 2}, pixels));
        Path labels = file("labels", labels(2, 0));
        Dataset d = Idx.read("tiny", images, labels, THREE);
        assertEquals(2, d.size());
        assertEquals("(1, 2, 2)", d.shape().toString());
        assertArrayEquals(new int[] {2, 0}, d.labels());
        // 51/255 = 0.2 and 204/255 = 0.8 exactly, so the nearest floats.
        assertArrayEquals(new float[] {0f, 1f, 0.2f, 0.8f, 1 / 255f, 2 / 255f, 3 / 255f, 4 / 255f}, d.images());
    }

    @Test
    void readsGzipFilesByTheirMagicWhateverTheirName() {
        Path images = file("images.raw-name", gzip(images(3, 4, 5)));
        Path labels = file("labels.gz", gzip(labels(0, 1, 2)));
        Path rawImages = file("images", images(3, 4, 5));
        Path rawLabels = file("labels", labels(0, 1, 2));
        Dataset fromGzip = Idx.read("gz", images, labels, THREE);
        Dataset fromRaw = Idx.read("raw", rawImages, rawLabels, THREE);
        assertArrayEquals(fromRaw.images(), fromGzip.images());
        assertArrayEquals(fromRaw.labels(), fromGzip.labels());
        assertEquals(3 * 4 * 5, fromGzip.images().length);
    }

    @Test
    void wrongMagic() {
        byte[] bytes = images(1, 2, 2);
        bytes[0] = 'P';
        bytes[1] = 'K';
        assertMentions(readFails(bytes), "magic 50 4b", "is not IDX");
    }

    @Test
    void unsupportedDtypeIsNamed() {
        assertMentions(readFails(idx(0x0D, new int[] {1}, new byte[4])), "dtype 0x0d (float)", "0x08 (unsigned byte)");
        assertMentions(readFails(idx(0x42, new int[] {1}, new byte[1])), "dtype 0x42", "not an IDX dtype");
    }

    @Test
    void rankOutOfRange() {
        assertMentions(readFails(idx(0x08, new int[0], new byte[1])), "rank 0 is outside [1, 8]");
        assertMentions(readFails(idx(0x08, new int[9], new byte[0])), "rank 9 is outside [1, 8]");
    }

    @Test
    void zeroAndNegativeDimensions() {
        assertMentions(readFails(idx(0x08, new int[] {2, 0, 3}, new byte[0])), "dimension 1 is 0", "at least 1");
        assertMentions(readFails(idx(0x08, new int[] {-5}, new byte[1])), "dimension 0 is -5");
    }

    @Test
    void truncatedHeaderAndData() {
        assertMentions(readFails(new byte[] {0, 0, 8}), "truncated", "3 bytes");
        byte[] header = Arrays.copyOf(images(2, 3, 3), 4 + 6);
        assertMentions(readFails(header), "truncated header", "rank 3 needs 12 bytes", "only 6");
        byte[] full = images(2, 3, 3);
        assertMentions(readFails(Arrays.copyOf(full, full.length - 1)), "truncated", "claim 18 values",
                "only 17 bytes follow the 16-byte header");
    }

    @Test
    void trailingBytesMeanTheHeaderIsWrong() {
        byte[] full = images(2, 3, 3);
        assertMentions(readFails(Arrays.copyOf(full, full.length + 5)), "23 bytes follow", "does not match");
        assertMentions(readFails(gzip(Arrays.copyOf(full, full.length + 5))), "(gunzipped)", "more bytes than dims");
    }

    @Test
    void hugeDimsAreRefusedBeforeAllocating() {
        long before = AllocationMeter.allocatedBytes();
        // 65536 x 65536 x 2 = 2^33 values claimed by a 20-byte file; 2^31 by a tiny gzip file.
        assertMentions(readFails(idx(0x08, new int[] {65536, 65536, 2}, new byte[0])), "claim 8589934592 values",
                "only 0 bytes follow");
        byte[] gz = gzip(idx(0x08, new int[] {32768, 65536}, new byte[0]));
        assertMentions(readFails(gz), "claim 2147483648 values", "a gzip file of " + gz.length + " bytes");
        int[] overflow = {Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE,
            Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE};
        assertMentions(readFails(idx(0x08, overflow, new byte[0])), "more than 2^63");
        long allocated = AllocationMeter.allocatedBytes() - before;
        assertTrue(allocated < 8 << 20, "allocated " + allocated + " bytes to refuse tiny files");
    }

    @Test
    void truncatedGzipIsNeverReadAsZeros() {
        byte[] gz = gzip(images(10, 28, 28));
        Exception e = readFails(Arrays.copyOf(gz, gz.length / 2));
        assertMentions(e, "gzip-compressed?", "truncated or damaged");
    }

    @Test
    void gzipMagicOnSomethingElseSaysGzipCompressed() {
        byte[] bytes = images(1, 2, 2);
        bytes[0] = 0x1f;
        bytes[1] = (byte) 0x8b;
        assertMentions(readFails(bytes), "starts with the gzip magic 1f 8b", "gzip-compressed?");
    }

    @Test
    void damagedGzipPayloadFailsItsCrc() {
        byte[] gz = gzip(images(1, 2, 2));
        gz[gz.length - 6] ^= 0x55; // inside the CRC-32 of the gzip trailer
        assertMentions(readFails(gz), "gzip-compressed?");
    }

    @Test
    void gzippedTwiceIsSpotted() {
        assertMentions(readFails(gzip(gzip(images(1, 2, 2)))), "magic 1f 8b", "gzip-compressed?", "compressed twice");
    }

    @Test
    void labelCountMustEqualImageCount() {
        Path images = file("images", images(3, 2, 2));
        Path labels = file("labels", labels(0, 1));
        IdxFormatException e = assertThrows(IdxFormatException.class, () -> Idx.read("d", images, labels, THREE));
        assertMentions(e, "holds 3 images", "holds 2 labels");
    }

    @Test
    void labelsMustBeInRange() {
        Path images = file("images", images(3, 2, 2));
        Path labels = file("labels", labels(0, 3, 1));
        IdxFormatException e = assertThrows(IdxFormatException.class, () -> Idx.read("d", images, labels, THREE));
        assertMentions(e, "label 3 at index 1", "outside [0, 3)");
    }

    @Test
    void swappedFilesAreNamed() {
        Path images = file("images", images(3, 2, 2));
        Path labels = file("labels", labels(0, 1, 2));
        IdxFormatException e = assertThrows(IdxFormatException.class, () -> Idx.read("d", labels, images, THREE));
        assertMentions(e, "labels file has rank 1", "rank 3 (3, 2, 2)", "swapped");
    }

    @Test
    void missingFile() {
        assertMentions(assertThrows(IdxFormatException.class, () -> Idx.readArray(dir.resolve("nope"))),
                "no such IDX file");
    }
}
