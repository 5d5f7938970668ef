package dev.kiln.processor.opencl;

import dev.kiln.runtime.Required;

/** Whether the OpenCL tests run: they skip without a platform, except in CI where they must run. */
final class OpenClTestSupport {
    private OpenClTestSupport() {
    }

    static void requireOpenCl() {
        Required.openCl();
    }
}
