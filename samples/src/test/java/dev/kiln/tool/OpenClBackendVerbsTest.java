package dev.kiln.tool;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.kiln.runtime.opencl.OpenClBackend;

/** Every verb on the generated OpenCL program; required under CI=true, skipped elsewhere when no platform is present. */
class OpenClBackendVerbsTest extends VerbsOnBackend {
    @Override
    String backend() {
        return "opencl";
    }

    @Override
    void assumeBackend() {
        if (!OpenClBackend.platformAvailable()) {
            assertFalse("true".equals(System.getenv("CI")), "CI=true but no OpenCL platform: run scripts/setup.sh (PoCL)");
            assumeTrue(false, "no OpenCL platform on this machine; skipping the OpenCL backend's verbs");
        }
    }
}
