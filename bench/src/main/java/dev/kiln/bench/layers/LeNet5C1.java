package dev.kiln.bench.layers;

import dev.kiln.dsl.Activation;
import dev.kiln.dsl.Conv2d;
import dev.kiln.dsl.Layer;
import dev.kiln.dsl.Loss;
import dev.kiln.dsl.Network;

/** LeNet5's c1: 6 filters 5x5, padding 2, ReLU, on (1, 28, 28). */
@Network(channels = 1, height = 28, width = 28, loss = Loss.MEAN_SQUARED_ERROR)
public abstract class LeNet5C1 {
    @Conv2d(filters = 6, kernel = 5, padding = 2, activation = Activation.RELU) Layer c1;
}
