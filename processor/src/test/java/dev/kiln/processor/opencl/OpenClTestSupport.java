package dev.kiln.processor.opencl;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.runtime.opencl.OpenClBackend;
import org.junit.jupiter.api.Assumptions;

/** Whether the OpenCL tests run: they skip without a platform, except in CI where they must run. */
final class OpenClTestSupport {
    private OpenClTestSupport() {
    }

    static void requireOpenCl() {
        if (OpenClBackend.platformAvailable()) {
            return;
        }
        String why = "no OpenCL platform found (install PoCL: apt-get install pocl-opencl-icd ocl-icd-opencl-dev)";
        if ("true".equals(System.getenv("CI"))) {
            assertTrue(false, "CI=true requires the OpenCL tests to run, but " + why);
        }
        Assumptions.abort("skipped: " + why);
    }
}
