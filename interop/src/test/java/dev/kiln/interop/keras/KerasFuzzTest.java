package dev.kiln.interop.keras;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import dev.kiln.interop.WeightFiles;
import dev.kiln.runtime.KilnException;
import dev.kiln.runtime.io.AllocationMeter;
import dev.kiln.runtime.io.ByteMutator;
import dev.kiln.spec.NetworkSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mutation fuzzing of Keras weights (issue 12), as the checkpoint reader is fuzzed: mutants of the
 * Keras 2 and Keras 3 fixtures ({@code kiln.fuzz.h5}, 2,000 by default: jHDF opens each file
 * anew), loaded as {@code --weights} does. The only exception allowed is Kiln's; an
 * OutOfMemoryError or any other throwable fails with the mutation, and so does a case that
 * allocates more than {@value #MAX_BYTES_PER_CASE} bytes.
 */
class KerasFuzzTest {
    private static final int CASES = Integer.getInteger("kiln.fuzz.h5", 2_000);
    private static final long MAX_BYTES_PER_CASE = 64L << 20;

    @TempDir
    Path dir;

    @Test
    void mutantsOnlyEverGiveKilnExceptions() throws Exception {
        NetworkSpec spec = KerasWeightsTest.spec();
        List<String> names = List.of("keras2.h5", "keras2.weights.h5", "keras3.weights.h5");
        List<byte[]> originals = names.stream().map(n -> {
            try {
                return Files.readAllBytes(KerasWeightsTest.fixture(n));
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }).toList();
        float[] expected = WeightFiles.load(KerasWeightsTest.fixture("keras2.h5"), spec, false);
        SplittableRandom random = new SplittableRandom(Long.getLong("kiln.fuzz.seed", 1213L));
        int refused = 0, same = 0, other = 0;
        long maxAllocated = 0;
        for (int c = 0; c < CASES; c++) {
            int which = random.nextInt(originals.size());
            StringBuilder log = new StringBuilder(names.get(which)).append(": ");
            byte[] mutant = ByteMutator.mutate(originals.get(which), random, log);
            Path file = Files.write(dir.resolve("mutant-" + c + ".h5"), mutant);
            long before = AllocationMeter.allocatedBytes();
            try {
                float[] loaded = WeightFiles.load(file, spec, which == 2);
                assertEquals(spec.parameterCount(), loaded.length);
                if (Arrays.equals(loaded, expected)) {
                    same++;
                } else {
                    other++;
                }
            } catch (KilnException e) {
                refused++;
            } catch (Throwable t) {
                Files.write(Files.createDirectories(Path.of("target/fuzz-failures")).resolve("h5-case-" + c + ".h5"), mutant);
                fail("case " + c + " (" + log + ") threw " + t, t);
            }
            long allocated = AllocationMeter.allocatedBytes() - before;
            if (allocated > MAX_BYTES_PER_CASE) {
                Files.write(Files.createDirectories(Path.of("target/fuzz-failures")).resolve("h5-case-" + c + ".h5"), mutant);
                fail("case " + c + " (" + log + ") allocated " + allocated + " bytes for a " + mutant.length + "-byte file");
            }
            maxAllocated = Math.max(maxAllocated, allocated);
            Files.delete(file);
        }
        System.out.printf("[kiln.fuzz.h5] %d HDF5 mutants: %d refused with a KilnException, %d loaded the same weights, %d"
                + " loaded other values (mutations inside the data), 0 other exceptions; at most %d bytes allocated by one"
                + " case%n", CASES, refused, same, other, maxAllocated);
    }
}
