package dev.kiln.samples;

import dev.kiln.dsl.Conv2d;
import dev.kiln.dsl.Layer;
import dev.kiln.dsl.Loss;
import dev.kiln.dsl.Network;

/**
 * One 3x3 filter, no padding, no activation, trained with mean squared error to reproduce the
 * horizontal-edge kernel {@code [[-1,-1,-1],[0,0,0],[1,1,1]]} from images and their filtered
 * versions (see {@link EdgeTargets}). The course's "a network can learn a filter" example.
 */
@Network(channels = 1, height = 28, width = 28, loss = Loss.MEAN_SQUARED_ERROR)
public abstract class EdgeDetector {
    @Conv2d(filters = 1, kernel = 3) Layer edge;
}
