package dev.kiln.samples;

import dev.kiln.dsl.Conv2d;
import dev.kiln.dsl.Layer;
import dev.kiln.dsl.Loss;
import dev.kiln.dsl.Network;

/**
 * One 3x3 filter, no padding, no activation, trained with mean squared error to reproduce the
 * horizontal-edge kernel {@code [[-1,-1,-1],[0,0,0],[1,1,1]]} from images and their filtered
 * versions (the runtime's {@code Task.edges()}). The course's "a network can learn a filter"
 * example: {@code kiln train EdgeDetector} trains it with SGD (lr 0.1, batch 32) for one epoch
 * and prints the learned kernel.
 */
@Network(channels = 1, height = 28, width = 28, loss = Loss.MEAN_SQUARED_ERROR)
public abstract class EdgeDetector {
    @Conv2d(filters = 1, kernel = 3) Layer edge;
}
