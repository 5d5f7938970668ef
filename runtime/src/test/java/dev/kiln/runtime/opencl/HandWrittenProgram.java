package dev.kiln.runtime.opencl;

import dev.kiln.opencl.KernelArg;
import dev.kiln.opencl.OpenClBuffer;
import dev.kiln.opencl.OpenClLaunch;
import dev.kiln.opencl.OpenClProgram;
import java.util.List;

/**
 * A tiny OpenCL program written by hand, for backend tests that cannot use the processor (the
 * runtime does not depend on it): one per-image kernel {@code fill} writing each element's
 * global index into {@code a0}, which is layer 0's output.
 */
record HandWrittenProgram(String source, long perImage) implements OpenClProgram {

    static final String FILL = """
            __kernel void fill(__global float* out, const int batch) {
                const size_t i = get_global_id(0);
                if (i < (size_t) batch * %d) out[i] = (float) i;
            }
            """;

    static HandWrittenProgram fill(int perImage) {
        return new HandWrittenProgram(FILL.formatted(perImage), perImage);
    }

    @Override
    public int forwardLaunches() {
        return 1;
    }

    @Override
    public int trainingStepLaunches() {
        return 1;
    }

    @Override
    public List<OpenClBuffer> buffers() {
        return List.of(new OpenClBuffer("input", perImage, 0, false), new OpenClBuffer("a0", perImage, 0, false));
    }

    @Override
    public List<OpenClLaunch> forwardPlan() {
        return List.of(new OpenClLaunch("fill", new long[] {perImage}, true, false, List.of(KernelArg.buffer("a0"), KernelArg.Scalar.BATCH)));
    }

    @Override
    public List<OpenClLaunch> trainingPlan() {
        return forwardPlan();
    }

    @Override
    public OpenClLaunch sgdUpdate() {
        return forwardPlan().get(0);
    }

    @Override
    public OpenClLaunch adamUpdate() {
        return forwardPlan().get(0);
    }

    @Override
    public List<String> layerBuffers() {
        return List.of("a0");
    }

    @Override
    public String trainingOutputBuffer() {
        return "a0";
    }
}
