package dev.kiln.samples;

import dev.kiln.dsl.Conv2d;
import dev.kiln.dsl.Init;
import dev.kiln.dsl.Layer;
import dev.kiln.dsl.Loss;
import dev.kiln.dsl.Network;

/**
 * One 3x3 filter, no padding, no activation, trained with mean squared error to reproduce the
 * horizontal-edge kernel {@code [[-1,-1,-1],[0,0,0],[1,1,1]]} from images and their filtered
 * versions (the runtime's {@code Task.edges()}). The course's "a network can learn a filter"
 * example: {@code kiln train EdgeDetector} trains it with SGD (lr 0.1, batch 32) for one epoch
 * and prints the learned kernel.
 *
 * <p>It starts from PyTorch's default initialisation ({@code UNIFORM_FAN_IN}, U(-1/3, 1/3) here): with
 * Xavier's wider start (U(-0.58, 0.58)) one epoch leaves up to 0.12 of the initial weights in the
 * directions natural images barely excite (neighbouring pixels are alike), against 0.02 to 0.07
 * from this start (seeds 0 to 5).
 */
@Network(channels = 1, height = 28, width = 28, loss = Loss.MEAN_SQUARED_ERROR)
public abstract class EdgeDetector {
    @Conv2d(filters = 1, kernel = 3, init = Init.UNIFORM_FAN_IN) Layer edge;
}
