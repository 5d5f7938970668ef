package dev.kiln.bench.layers;

import dev.kiln.dsl.Activation;
import dev.kiln.dsl.Dense;
import dev.kiln.dsl.Flatten;
import dev.kiln.dsl.Layer;
import dev.kiln.dsl.Loss;
import dev.kiln.dsl.Network;

/** FashionCnn's hidden dense layer: 128 units, ReLU, on the flattened (64, 7, 7). */
@Network(channels = 3136, height = 1, width = 1, loss = Loss.MEAN_SQUARED_ERROR)
public abstract class FashionCnnDense1 {
    @Flatten Layer flat;
    @Dense(units = 128, activation = Activation.RELU) Layer dense1;
}
