package dev.kiln.processor.writer.opencl;

import java.util.List;

/**
 * Everything {@code FooOpenCl} states: the program source and the launch plans. Built by
 * {@link OpenClPlanner}, written by {@link OpenClWriter}.
 */
record OpenClPlan(String source, List<PlannedBuffer> buffers, List<PlannedLaunch> forward,
                  List<PlannedLaunch> training, PlannedLaunch sgd, PlannedLaunch adam,
                  List<String> layerBuffers, String trainingOutput, boolean hasParameters) {

    int forwardLaunches() {
        return forward.size();
    }

    /** Forward, loss and backward, plus the one optimiser launch when there are parameters. */
    int trainingStepLaunches() {
        return training.size() + (hasParameters ? 1 : 0);
    }
}
