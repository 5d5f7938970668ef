package dev.kiln.processor.writer.opencl;

import dev.kiln.opencl.OpenClBuffer;
import dev.kiln.opencl.OpenClLaunch;
import java.util.List;

/**
 * Everything {@code FooOpenCl} states: the program source and the launch plans. Built by
 * {@link OpenClPlanner}, written by {@link OpenClWriter}.
 */
record OpenClPlan(String source, List<OpenClBuffer> buffers, List<OpenClLaunch> forward, List<OpenClLaunch> predict,
                  List<OpenClLaunch> training, OpenClLaunch sgd, OpenClLaunch adam,
                  List<String> layerBuffers, String trainingOutput, boolean hasParameters) {

    int forwardLaunches() {
        return forward.size();
    }

    /** Forward, loss and backward, plus the one optimiser launch when there are parameters. */
    int trainingStepLaunches() {
        return training.size() + (hasParameters ? 1 : 0);
    }
}
