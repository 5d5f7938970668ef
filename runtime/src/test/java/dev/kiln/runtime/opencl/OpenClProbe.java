package dev.kiln.runtime.opencl;

import dev.kiln.runtime.Backend;

/** Test access to an OpenCL backend's device buffers, for tests outside this package (the runtime's test jar). */
public final class OpenClProbe {
    private OpenClProbe() {
    }

    /** The first {@code count} ints of buffer {@code name} of an {@link OpenClBackend}, as the last launch left them. */
    public static int[] ints(Backend backend, String name, int count) {
        return ((OpenClBackend) backend).readInts(name, count);
    }
}
