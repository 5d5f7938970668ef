package dev.kiln.bench.layers;

import dev.kiln.dsl.Activation;
import dev.kiln.dsl.Dense;
import dev.kiln.dsl.Flatten;
import dev.kiln.dsl.Layer;
import dev.kiln.dsl.Loss;
import dev.kiln.dsl.Network;

/** LeNet5's f6: dense 84, ReLU, on c5's 120 values. */
@Network(channels = 120, height = 1, width = 1, loss = Loss.MEAN_SQUARED_ERROR)
public abstract class LeNet5F6 {
    @Flatten Layer flat;
    @Dense(units = 84, activation = Activation.RELU) Layer f6;
}
