package dev.kiln.runtime;

import dev.kiln.runtime.data.FashionMnist;
import dev.kiln.runtime.opencl.OpenClBackend;
import java.nio.file.Files;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * What a test needs from the machine (PoCL, the Fashion-MNIST package, Chromium), and the one rule for when
 * it is missing: under {@code CI=true} the test fails (CI must run everything; {@code .ci/run} sets it), elsewhere
 * it is skipped with the reason, which the build's last line counts ({@code dev.kiln.build.SkipSummary}). No
 * other test reads {@code CI} (the build-summary module's {@code TestSourcesTest} checks that).
 */
public final class Required {
    private static final String SETUP = "run scripts/setup.sh";

    private Required() {
    }

    /** Whether this run is CI's, where nothing may be skipped. */
    public static boolean ci() {
        return "true".equals(System.getenv("CI"));
    }

    /**
     * Returns when {@code met}; otherwise fails under CI and skips elsewhere.
     *
     * @param missing what is missing and how to install it, e.g. "no OpenCL platform found (install PoCL: ...)"
     */
    public static void that(boolean met, String missing) {
        if (met) {
            return;
        }
        if (ci()) {
            Assertions.fail("CI=true requires this test to run, but " + missing + "; " + SETUP);
        }
        Assumptions.abort("skipped: " + missing);
    }

    /** An OpenCL platform (PoCL in CI). */
    public static void openCl() {
        that(OpenClBackend.platformAvailable(),
                "no OpenCL platform found (install PoCL: apt-get install pocl-opencl-icd ocl-icd-opencl-dev)");
    }

    /** The Debian Fashion-MNIST package's files. */
    public static void fashionMnist() {
        that(Files.isDirectory(FashionMnist.DEBIAN_DIR),
                "Fashion-MNIST is not installed in " + FashionMnist.DEBIAN_DIR + " (apt-get install dataset-fashion-mnist)");
    }
}
