package dev.kiln.tool;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.kiln.runtime.opencl.OpenClBackend;

/**
 * Transfer learning on the OpenCL program (the optimiser launched over the learning ranges only);
 * required under CI=true. MalariaCnn is left to the Java run: on PoCL it would take minutes.
 */
class OpenClImagesAndTransferTest extends ImagesAndTransferOnBackend {
    @Override
    String backend() {
        return "opencl";
    }

    @Override
    void assumeBackend() {
        if (!OpenClBackend.platformAvailable()) {
            assertFalse("true".equals(System.getenv("CI")), "CI=true but no OpenCL platform: run scripts/setup.sh (PoCL)");
            assumeTrue(false, "no OpenCL platform on this machine; skipping the OpenCL backend's transfer test");
        }
    }
}
