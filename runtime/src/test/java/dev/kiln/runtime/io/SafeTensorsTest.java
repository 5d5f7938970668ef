package dev.kiln.runtime.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The safetensors format against files written byte by byte from its specification (the
 * independent source): an unsigned 64-bit little-endian header length, the JSON header, then
 * little-endian IEEE 754 values whose bit patterns are written here by hand.
 */
class SafeTensorsTest {
    /** 1.0f, -2.0f and 0.5f as little-endian IEEE 754 single precision: 3f800000, c0000000, 3f000000. */
    private static final byte[] ONE = {0x00, 0x00, (byte) 0x80, 0x3f};
    private static final byte[] MINUS_TWO = {0x00, 0x00, 0x00, (byte) 0xc0};
    private static final byte[] HALF = {0x00, 0x00, 0x00, 0x3f};

    @TempDir
    Path dir;

    static byte[] file(String header, byte[]... payload) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] json = header.getBytes(StandardCharsets.UTF_8);
        out.writeBytes(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(json.length).array());
        out.writeBytes(json);
        for (byte[] p : payload) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    private Path write(byte[] bytes) throws Exception {
        return Files.write(dir.resolve("t.safetensors"), bytes);
    }

    private CheckpointException readFails(byte[] bytes) throws Exception {
        Path f = write(bytes);
        return assertThrows(CheckpointException.class, () -> SafeTensors.read(f));
    }

    private static void assertMentions(Exception e, String... parts) {
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), () -> "'" + e.getMessage() + "' should mention '" + part + "'");
        }
    }

    @Test
    void readsAHandWrittenFileWhoseHeaderOrderDiffersFromItsPayloadOrder() throws Exception {
        // As Python's safetensors writes it: header padded with spaces to 8 bytes, no kiln checksum.
        String header = "{\"__metadata__\":{\"format\":\"pt\"},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]},"
                + "\"a\":{\"dtype\":\"F32\",\"shape\":[1,1],\"data_offsets\":[0,4]}}   ";
        assertEquals(0, header.length() % 8);
        SafeTensors.Contents c = SafeTensors.read(write(file(header, HALF, ONE, MINUS_TWO)));
        assertEquals(List.of("b", "a"), List.copyOf(c.tensors().keySet()));
        assertArrayEquals(new float[] {1f, -2f}, c.tensors().get("b").data());
        assertArrayEquals(new int[] {1, 1}, c.tensors().get("a").shape());
        assertArrayEquals(new float[] {0.5f}, c.tensors().get("a").data());
        assertEquals(Map.of("format", "pt"), c.metadata());
    }

    @Test
    void readsAFileWrittenByPythonSafetensors() throws Exception {
        // safetensors 0.8.0: save_file({"z": np.arange(6, dtype=np.float32).reshape(2, 3),
        // "a": np.array([1.5], dtype=np.float32)}, path, metadata={"format": "np"}); header and payload as written.
        String header = "{\"__metadata__\":{\"format\":\"np\"},\"a\":{\"dtype\":\"F32\",\"shape\":[1],"
                + "\"data_offsets\":[0,4]},\"z\":{\"dtype\":\"F32\",\"shape\":[2,3],\"data_offsets\":[4,28]}}   ";
        byte[] payload = HexFormat.of().parseHex("0000c03f000000000000803f0000004000004040000080400000a040");
        byte[] bytes = file(header, payload);
        assertEquals(180, bytes.length);
        SafeTensors.Contents c = SafeTensors.read(write(bytes));
        assertArrayEquals(new float[] {1.5f}, c.tensors().get("a").data());
        assertArrayEquals(new int[] {2, 3}, c.tensors().get("z").shape());
        assertArrayEquals(new float[] {0, 1, 2, 3, 4, 5}, c.tensors().get("z").data());
        assertEquals(Map.of("format", "np"), c.metadata());
    }

    @Test
    void writesExactlyTheBytesTheSpecificationDescribes() throws Exception {
        LinkedHashMap<String, SafeTensors.Tensor> tensors = new LinkedHashMap<>();
        tensors.put("w", SafeTensors.Tensor.f32(new int[] {2}, new float[] {1f, -2f}));
        tensors.put("s", SafeTensors.Tensor.f32(new int[] {}, new float[] {0.5f}));
        Path f = dir.resolve("w.safetensors");
        SafeTensors.write(f, tensors, Map.of("note", "a \"quoted\" value"));
        CRC32C crc = new CRC32C();
        crc.update(new byte[] {0x00, 0x00, (byte) 0x80, 0x3f, 0x00, 0x00, 0x00, (byte) 0xc0, 0x00, 0x00, 0x00, 0x3f});
        String json = "{\"__metadata__\":{\"note\":\"a \\\"quoted\\\" value\",\"kiln.crc32c\":\""
                + String.format("%08x", crc.getValue()) + "\"},"
                + "\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                + "\"s\":{\"dtype\":\"F32\",\"shape\":[],\"data_offsets\":[8,12]}}";
        String padded = json + " ".repeat((8 - json.length() % 8) % 8);
        assertArrayEquals(file(padded, ONE, MINUS_TWO, HALF), Files.readAllBytes(f));
    }

    @Test
    void roundTripKeepsEveryBit() throws Exception {
        float[] odd = {Float.NaN, Float.intBitsToFloat(0x7fc01234), -0f, Float.MIN_VALUE, Float.MAX_VALUE,
            Float.NEGATIVE_INFINITY, 3.14159f};
        LinkedHashMap<String, SafeTensors.Tensor> tensors = new LinkedHashMap<>();
        tensors.put("odd", SafeTensors.Tensor.f32(new int[] {7}, odd));
        tensors.put("empty", SafeTensors.Tensor.f32(new int[] {0, 3}, new float[0]));
        tensors.put("big", SafeTensors.Tensor.f32(new int[] {100, 300}, new float[30_000]));
        Path f = dir.resolve("r.safetensors");
        SafeTensors.write(f, tensors, Map.of());
        SafeTensors.Contents c = SafeTensors.read(f);
        assertEquals(tensors, c.tensors());
        float[] back = c.tensors().get("odd").data();
        for (int i = 0; i < odd.length; i++) {
            assertEquals(Float.floatToRawIntBits(odd[i]), Float.floatToRawIntBits(back[i]));
        }
        assertEquals(0L, (8 + ByteBuffer.wrap(Files.readAllBytes(f), 0, 8).order(ByteOrder.LITTLE_ENDIAN)
                .getLong()) % 8, "payload 8-byte aligned");
    }

    @Test
    void otherDtypesAreNamed() throws Exception {
        assertMentions(readFails(file("{\"x\":{\"dtype\":\"F16\",\"shape\":[2],\"data_offsets\":[0,4]}}", ONE)),
                "tensor \"x\"", "dtype F16 is not supported", "F32");
        assertMentions(readFails(file("{\"x\":{\"dtype\":\"Q4\",\"shape\":[1],\"data_offsets\":[0,4]}}", ONE)),
                "dtype Q4 is not a safetensors dtype");
    }

    @Test
    void offsetsMustTileThePayload() throws Exception {
        String overlap = "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}";
        assertMentions(readFails(file(overlap, ONE, ONE)), "\"b\" starts at payload byte 4", "overlap");
        String gap = "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}";
        assertMentions(readFails(file(gap, ONE, ONE)), "gap");
        String outside = "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}";
        assertMentions(readFails(file(outside, ONE)), "not a range inside the 4-byte payload");
        String appended = "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}";
        assertMentions(readFails(file(appended, ONE, ONE)), "cover 4 payload bytes", "holds 8");
    }

    @Test
    void shapesMustMatchTheirBytesAndFitAnArray() throws Exception {
        String wrong = "{\"a\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}";
        assertMentions(readFails(file(wrong, ONE, ONE)), "span 8 bytes", "shape (3) of F32 needs 12");
        String huge = "{\"a\":{\"dtype\":\"F32\",\"shape\":[65536,65536],\"data_offsets\":[0,17179869184]}}";
        assertMentions(readFails(file(huge, ONE)), "shape (65536, 65536) has more elements than a Java array holds");
        String negative = "{\"a\":{\"dtype\":\"F32\",\"shape\":[-1],\"data_offsets\":[0,4]}}";
        assertMentions(readFails(file(negative, ONE)), "dimension 0 (-1) is not an integer");
        String fraction = "{\"a\":{\"dtype\":\"F32\",\"shape\":[1.0],\"data_offsets\":[0,4]}}";
        assertMentions(readFails(file(fraction, ONE)), "dimension 0 (1.0) is not an integer");
    }

    @Test
    void headerLengthIsCheckedAgainstTheFile() throws Exception {
        byte[] bytes = file("{}      ");
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putLong(0, 1L << 40);
        assertMentions(readFails(bytes), "header length 1099511627776 is outside [2, 8]");
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putLong(0, -1L);
        assertMentions(readFails(bytes), "header length 18446744073709551615");
        assertMentions(readFails(new byte[] {1, 2, 3}), "3 bytes, shorter than the 8-byte header length");
    }

    @Test
    void headerMustBeUtf8JsonObject() throws Exception {
        assertMentions(readFails(file("[1,2]   ")), "does not start with '{'");
        assertMentions(readFails(file("{\"a\":1,}")), "malformed JSON");
        byte[] latin1 = file("{\"\u00e9\":{}}  ".replace('\u00e9', 'e'));
        latin1[10] = (byte) 0xe9;
        assertMentions(readFails(latin1), "not valid UTF-8");
        assertMentions(readFails(file("{\"__metadata__\":{\"k\":1}}")), "metadata values are strings");
        assertMentions(readFails(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[0],\"data_offsets\":[0,0],\"x\":1}}")),
                "exactly dtype, shape and data_offsets");
    }

    @Test
    void aDamagedPayloadFailsTheChecksum() throws Exception {
        LinkedHashMap<String, SafeTensors.Tensor> tensors = new LinkedHashMap<>();
        tensors.put("w", SafeTensors.Tensor.f32(new int[] {2}, new float[] {1f, -2f}));
        Path f = dir.resolve("c.safetensors");
        SafeTensors.write(f, tensors, Map.of());
        byte[] bytes = Files.readAllBytes(f);
        bytes[bytes.length - 1] ^= 1;
        assertMentions(readFails(bytes), "CRC-32C", "damaged");
    }

    @Test
    void missingFileAndReservedName() {
        assertMentions(assertThrows(CheckpointException.class, () -> SafeTensors.read(dir.resolve("none"))),
                "no such checkpoint file");
        LinkedHashMap<String, SafeTensors.Tensor> tensors = new LinkedHashMap<>();
        tensors.put("__metadata__", SafeTensors.Tensor.f32(new int[] {1}, new float[1]));
        assertThrows(IllegalArgumentException.class, () -> SafeTensors.write(dir.resolve("m"), tensors, Map.of()));
    }
}
