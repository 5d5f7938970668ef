package dev.kiln.tool;

import dev.kiln.runtime.Required;

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
        Required.openCl();
    }
}
