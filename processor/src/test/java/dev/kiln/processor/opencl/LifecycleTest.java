package dev.kiln.processor.opencl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.runtime.opencl.ClArena;
import dev.kiln.runtime.opencl.OpenClBuffer;
import dev.kiln.runtime.opencl.OpenClBackend;
import dev.kiln.runtime.opencl.OpenClProgram;
import dev.kiln.runtime.optim.OptimizerConfig;
import dev.kiln.spec.NetworkSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A thousand backend create/close cycles leave no OpenCL object behind: the arena's own counts of
 * live contexts, queues, programs, kernels and buffers return to zero, the driver's reference
 * count of every freshly planned buffer is 1 (nobody else retains one), and the
 * process's resident memory does not grow with the cycles (a count that does not depend on
 * Kiln's bookkeeping).
 */
class LifecycleTest {
    private static final int CYCLES = Integer.getInteger("kiln.opencl.cycles", 1000);

    @Test
    void thousandCreateCloseCyclesLeaveNothing() throws IOException {
        OpenClTestSupport.requireOpenCl();
        NetworkSpec spec = Networks.imageToImage();
        OpenClProgram program = GeneratedPrograms.load(spec);
        Map<ClArena.Kind, Integer> start = ClArena.live();
        float[] params = new float[spec.parameterCount()];
        float[] input = new float[2 * spec.input().intSize()];
        float[] output = new float[2 * spec.output().intSize()];
        long rssAfterWarmUp = 0;
        for (int i = 0; i < CYCLES; i++) {
            try (OpenClBackend b = (OpenClBackend) OpenClBackend.open(spec, program, -1, OptimizerConfig.adam().build())) {
                b.plan(2);
                if (i % 100 == 0) {
                    // buffers no command has used yet: only the arena holds them (commands hold references
                    // of their own until the driver retires them, so used buffers may read higher for a while)
                    Map<String, Integer> counts = b.bufferReferenceCounts();
                    for (OpenClBuffer buffer : program.buffers()) {
                        if (buffer.perImage() > 0) {
                            assertEquals(1, counts.get(buffer.name()), "driver reference count of buffer " + buffer.name() + " in cycle " + i);
                        }
                    }
                    b.setParameters(params);
                    b.predict(input, 2, output);
                    assertTrue(ClArena.live().get(ClArena.Kind.CONTEXT) > start.get(ClArena.Kind.CONTEXT), "a context is counted while open");
                }
            }
            assertEquals(start, ClArena.live(), "live OpenCL objects after cycle " + i);
            if (i == 49) {
                rssAfterWarmUp = residentKiB();
            }
        }
        long growth = residentKiB() - rssAfterWarmUp;
        // one leaked context with its queue, program, ~10 kernels and 14 buffers costs far more than 64 KiB on PoCL
        assertTrue(growth < 64L * (CYCLES - 50), "resident memory grew by " + growth + " KiB over " + (CYCLES - 50) + " cycles");
    }

    /** VmRSS from /proc/self/status, or 0 where there is no /proc (the bound then holds trivially; the counts still apply). */
    private static long residentKiB() throws IOException {
        Path status = Path.of("/proc/self/status");
        if (!Files.exists(status)) {
            return 0;
        }
        for (String line : Files.readAllLines(status)) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return 0;
    }
}
