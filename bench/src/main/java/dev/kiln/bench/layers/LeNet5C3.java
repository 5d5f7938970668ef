package dev.kiln.bench.layers;

import dev.kiln.dsl.Activation;
import dev.kiln.dsl.Conv2d;
import dev.kiln.dsl.Layer;
import dev.kiln.dsl.Loss;
import dev.kiln.dsl.Network;

/** LeNet5's c3: 16 filters 5x5, ReLU, on s2's (6, 14, 14). */
@Network(channels = 6, height = 14, width = 14, loss = Loss.MEAN_SQUARED_ERROR)
public abstract class LeNet5C3 {
    @Conv2d(filters = 16, kernel = 5, activation = Activation.RELU) Layer c3;
}
