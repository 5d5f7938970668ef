package dev.kiln.runtime.data;

import static org.junit.jupiter.api.Assertions.fail;

import dev.kiln.runtime.KilnException;
import dev.kiln.runtime.io.AllocationMeter;
import dev.kiln.runtime.io.ByteMutator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mutation fuzzing of IDX files (issue 7): {@code kiln.fuzz.files} mutants (10,000 by default) of
 * small valid image and label files, mutated raw, mutated then gzipped (valid gzip around a damaged
 * IDX) and gzipped then mutated (damaged gzip), read alone and as a pair. The only exception allowed
 * is Kiln's; an {@link OutOfMemoryError} (a header claiming 2^31 values read before checking) or any
 * other throwable fails with the mutation that caused it.
 */
class IdxFuzzTest {
    private static final int CASES = Integer.getInteger("kiln.fuzz.files", 10_000);
    private static final List<String> CLASSES = List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");

    /** Buffers (64 KiB for gzip and reading), exception messages and stack traces; far below any claimed size. */
    private static final long MAX_BYTES_PER_CASE = 4L << 20;

    @TempDir
    Path dir;

    @Test
    void mutantsOnlyEverGiveIdxFormatExceptions() throws Exception {
        byte[] images = IdxBytes.images(6, 5, 4);
        byte[] labels = IdxBytes.labels(9, 0, 3, 9, 1, 2);
        Path validLabels = IdxBytes.write(dir.resolve("labels"), labels);
        SplittableRandom random = new SplittableRandom(Long.getLong("kiln.fuzz.seed", 1123L));
        int refused = 0;
        int read = 0;
        long maxAllocated = 0;
        for (int c = 0; c < CASES; c++) {
            StringBuilder log = new StringBuilder();
            boolean isImages = random.nextBoolean();
            byte[] base = isImages ? images : labels;
            byte[] mutant = switch (random.nextInt(3)) {
                case 0 -> ByteMutator.mutate(base, random, log.append("raw: "));
                case 1 -> IdxBytes.gzip(ByteMutator.mutate(base, random, log.append("mutated, gzipped: ")));
                default -> ByteMutator.mutate(IdxBytes.gzip(base), random, log.append("gzipped, mutated: "));
            };
            // A new file each time: rewriting one file in place makes ext4 flush it on close (auto_da_alloc).
            Path file = IdxBytes.write(dir.resolve("mutant-" + c), mutant);
            long before = AllocationMeter.allocatedBytes();
            try {
                if (isImages && random.nextBoolean()) {
                    Idx.read("fuzz", file, validLabels, CLASSES);
                } else {
                    Idx.readArray(file);
                }
                read++;
            } catch (KilnException expected) {
                refused++;
            } catch (Throwable t) {
                fail("case " + c + " (" + (isImages ? "images " : "labels ") + log + ") threw " + t, t);
            }
            long allocated = AllocationMeter.allocatedBytes() - before;
            if (allocated > MAX_BYTES_PER_CASE) {
                fail("case " + c + " (" + log + ") allocated " + allocated + " bytes for a " + mutant.length
                        + "-byte file: the reader trusted a size it had not checked");
            }
            maxAllocated = Math.max(maxAllocated, allocated);
            Files.delete(file);
        }
        System.out.printf("[kiln.fuzz.files] %d IDX mutants: %d refused with an IdxFormatException, %d still valid,"
                + " 0 other exceptions; at most %d bytes allocated by one case%n", CASES, refused, read, maxAllocated);
    }
}
