package dev.kiln.runtime.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import dev.kiln.runtime.KilnException;
import dev.kiln.spec.NetworkSpec;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mutation fuzzing of checkpoints (issue 7): {@code kiln.fuzz.files} mutants (10,000 by default)
 * of a valid checkpoint, blind byte mutations and header-aware ones (numbers in the JSON replaced by
 * boundary values, tokens swapped), each loaded through {@link Checkpoints#load} or
 * {@link SafeTensors#read}. The only exception allowed is Kiln's; an {@link OutOfMemoryError} or
 * any other throwable fails with the mutation that caused it.
 */
class CheckpointFuzzTest {
    private static final int CASES = Integer.getInteger("kiln.fuzz.files", 10_000);
    private static final String[] NUMBERS = {"0", "-1", "1", "2147483647", "2147483648", "4294967296",
        "9223372036854775807", "9223372036854775808", "18446744073709551616", "1e400", "-0", "1.5", "00", "99999999999"};
    private static final String[] TOKENS = {"\"F32\"", "\"F64\"", "\"BF16\"", "[]", "[0]", "{}", "null", "\"\"",
        "\"__metadata__\"", "[[1]]", "true"};
    private static final Pattern NUMBER = Pattern.compile("-?\\d+");
    private static final Pattern TOKEN = Pattern.compile("\"[^\"]*\"|\\[[^\\[\\]]*\\]");

    /** Buffers (64 KiB for gzip and reading), exception messages and stack traces; far below any claimed size. */
    private static final long MAX_BYTES_PER_CASE = 4L << 20;

    @TempDir
    Path dir;

    @Test
    void mutantsOnlyEverGiveCheckpointExceptions() throws Exception {
        NetworkSpec spec = TestNets.tiny();
        float[] params = TestNets.pattern(spec, 0);
        Path original = dir.resolve("original.safetensors");
        Checkpoints.save(original, spec, params, Map.of("epoch", "12"));
        byte[] bytes = Files.readAllBytes(original);
        SplittableRandom random = new SplittableRandom(Long.getLong("kiln.fuzz.seed", 1123L));
        int refused = 0;
        int identical = 0;
        int different = 0;
        long maxAllocated = 0;
        for (int c = 0; c < CASES; c++) {
            StringBuilder log = new StringBuilder();
            byte[] mutant = random.nextInt(10) < 7 ? ByteMutator.mutate(bytes, random, log) : mutateHeader(bytes, random, log);
            // A new file each time: rewriting one file in place makes ext4 flush it on close (auto_da_alloc).
            Path file = Files.write(dir.resolve("mutant-" + c + ".safetensors"), mutant);
            long before = AllocationMeter.allocatedBytes();
            try {
                if (random.nextBoolean()) {
                    float[] loaded = Checkpoints.load(file, spec);
                    assertEquals(spec.parameterCount(), loaded.length);
                    if (Arrays.equals(loaded, params)) {
                        identical++;
                    } else {
                        different++;
                    }
                } else {
                    SafeTensors.read(file);
                    identical++;
                }
            } catch (KilnException expected) {
                refused++;
            } catch (Throwable t) {
                fail("case " + c + " (" + log + ") threw " + t, t);
            }
            long allocated = AllocationMeter.allocatedBytes() - before;
            if (allocated > MAX_BYTES_PER_CASE) {
                fail("case " + c + " (" + log + ") allocated " + allocated + " bytes for a " + mutant.length
                        + "-byte file: the reader trusted a size it had not checked");
            }
            maxAllocated = Math.max(maxAllocated, allocated);
            Files.delete(file);
        }
        System.out.printf("[kiln.fuzz.files] %d checkpoint mutants: %d refused with a CheckpointException, %d loaded"
                + " unchanged data, %d loaded other data (mutations that stay valid: renaming every kiln.* key and"
                + " changing the payload), 0 other exceptions; at most %d bytes allocated by one case%n", CASES, refused,
                identical, different, maxAllocated);
    }

    /** Replaces a number or a token of the JSON header with a boundary value, keeping the length prefix right. */
    private static byte[] mutateHeader(byte[] bytes, SplittableRandom random, StringBuilder log) {
        int headerLength = (int) ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        String header = new String(bytes, 8, headerLength, StandardCharsets.UTF_8);
        boolean numbers = random.nextBoolean();
        Matcher m = (numbers ? NUMBER : TOKEN).matcher(header);
        List<int[]> spans = new ArrayList<>();
        while (m.find()) {
            spans.add(new int[] {m.start(), m.end()});
        }
        int[] span = spans.get(random.nextInt(spans.size()));
        String replacement = numbers ? NUMBERS[random.nextInt(NUMBERS.length)] : TOKENS[random.nextInt(TOKENS.length)];
        log.append("header ").append(header, span[0], span[1]).append(" -> ").append(replacement).append(';');
        byte[] newHeader = (header.substring(0, span[0]) + replacement + header.substring(span[1]))
                .getBytes(StandardCharsets.UTF_8);
        ByteBuffer out = ByteBuffer.allocate(8 + newHeader.length + bytes.length - 8 - headerLength)
                .order(ByteOrder.LITTLE_ENDIAN);
        out.putLong(newHeader.length).put(newHeader).put(bytes, 8 + headerLength, bytes.length - 8 - headerLength);
        return out.array();
    }
}
