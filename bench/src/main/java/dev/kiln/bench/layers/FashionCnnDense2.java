package dev.kiln.bench.layers;

import dev.kiln.dsl.Activation;
import dev.kiln.dsl.Dense;
import dev.kiln.dsl.Flatten;
import dev.kiln.dsl.Layer;
import dev.kiln.dsl.Loss;
import dev.kiln.dsl.Network;

/** FashionCnn's output layer: dense 10, softmax, on 128 values. */
@Network(channels = 128, height = 1, width = 1, loss = Loss.SOFTMAX_CROSS_ENTROPY)
public abstract class FashionCnnDense2 {
    @Flatten Layer flat;
    @Dense(units = 10, activation = Activation.SOFTMAX) Layer dense2;
}
