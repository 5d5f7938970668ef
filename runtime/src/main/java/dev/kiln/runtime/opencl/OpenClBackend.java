package dev.kiln.runtime.opencl;

import dev.kiln.runtime.Backend;
import dev.kiln.runtime.optim.OptimizerConfig;
import dev.kiln.spec.NetworkSpec;

/** PLACEHOLDER of the skeleton: the OpenCL work replaces this class (same static methods). */
public final class OpenClBackend {
    private OpenClBackend() {
    }

    /** Whether any OpenCL platform with a device can be opened on this machine. */
    public static boolean platformAvailable() {
        return false;
    }

    /** Opens device {@code device} (-1: a GPU if there is one, else any device) and builds the program. */
    public static Backend open(NetworkSpec spec, OpenClProgram program, int device, OptimizerConfig optimizer) {
        throw new UnsupportedOperationException("placeholder");
    }
}
