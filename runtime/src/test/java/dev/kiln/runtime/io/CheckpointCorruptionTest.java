package dev.kiln.runtime.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.kiln.spec.NetworkSpec;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A checkpoint cut at every offset, and with every byte altered: a cut file is always refused with
 * a {@link CheckpointException}; an altered one is refused, or, where the change falls in what the
 * format ignores (padding spaces, a metadata value, the checksum's letter case), loads the very same
 * parameters. An altered payload byte is always refused: the checksum sees it.
 */
class CheckpointCorruptionTest {
    @TempDir
    Path dir;

    private final NetworkSpec spec = TestNets.tiny();
    private final float[] params = TestNets.pattern(spec, 0);

    private byte[] original() throws Exception {
        Path file = dir.resolve("original.safetensors");
        Checkpoints.save(file, spec, params, Map.of("epoch", "12"));
        return Files.readAllBytes(file);
    }

    private static long payloadStart(byte[] bytes) {
        return 8 + ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    }

    @Test
    void truncatedAtEveryOffsetIsRefused() throws Exception {
        byte[] bytes = original();
        for (int length = 0; length < bytes.length; length++) {
            Path file = Files.write(dir.resolve("cut-" + length + ".safetensors"), Arrays.copyOf(bytes, length));
            try {
                Checkpoints.load(file, spec);
                fail("a checkpoint cut to " + length + " of " + bytes.length + " bytes loaded");
            } catch (CheckpointException expected) {
                assertTrue(expected.getMessage().startsWith(file.toString()), expected.getMessage());
            }
            Files.delete(file);
        }
        System.out.printf("[kiln.fuzz.files] a %d-byte checkpoint cut at all %d offsets: all refused%n", bytes.length,
                bytes.length);
    }

    @Test
    void everyByteAlteredIsRefusedOrHarmless() throws Exception {
        byte[] bytes = original();
        long payloadStart = payloadStart(bytes);
        SplittableRandom random = new SplittableRandom(7);
        int refused = 0;
        int harmless = 0;
        for (int at = 0; at < bytes.length; at++) {
            for (int variant = 0; variant < 3; variant++) {
                byte[] damaged = bytes.clone();
                damaged[at] ^= (byte) (variant == 0 ? 1 << random.nextInt(8) : 1 + random.nextInt(255));
                Path file = Files.write(dir.resolve("flipped-" + at + "-" + variant + ".safetensors"), damaged);
                try {
                    float[] loaded = Checkpoints.load(file, spec);
                    assertArrayEquals(params, loaded, "byte " + at + " altered: loaded other parameters");
                    assertTrue(at < payloadStart, "payload byte " + at + " altered but the checkpoint loaded");
                    harmless++;
                } catch (CheckpointException expected) {
                    refused++;
                }
                Files.delete(file);
            }
        }
        System.out.printf("[kiln.fuzz.files] every byte of a %d-byte checkpoint altered 3 ways: %d refused,"
                + " %d harmless (padding, metadata values) loaded the same parameters%n", bytes.length, refused, harmless);
    }
}
