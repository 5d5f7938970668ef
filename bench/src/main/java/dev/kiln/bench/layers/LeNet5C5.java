package dev.kiln.bench.layers;

import dev.kiln.dsl.Activation;
import dev.kiln.dsl.Conv2d;
import dev.kiln.dsl.Layer;
import dev.kiln.dsl.Loss;
import dev.kiln.dsl.Network;

/** LeNet5's c5: 120 filters 5x5, ReLU, on s4's (16, 5, 5). */
@Network(channels = 16, height = 5, width = 5, loss = Loss.MEAN_SQUARED_ERROR)
public abstract class LeNet5C5 {
    @Conv2d(filters = 120, kernel = 5, activation = Activation.RELU) Layer c5;
}
