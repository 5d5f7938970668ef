package dev.kiln.bench.layers;

import dev.kiln.dsl.Activation;
import dev.kiln.dsl.Conv2d;
import dev.kiln.dsl.Layer;
import dev.kiln.dsl.Loss;
import dev.kiln.dsl.Network;

/** FashionCnn's first conv: 32 filters 3x3, same padding, ReLU, on (1, 28, 28). */
@Network(channels = 1, height = 28, width = 28, loss = Loss.MEAN_SQUARED_ERROR)
public abstract class FashionCnnConv1 {
    @Conv2d(filters = 32, kernel = 3, same = true, activation = Activation.RELU) Layer conv1;
}
