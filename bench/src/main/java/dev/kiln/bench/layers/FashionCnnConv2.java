package dev.kiln.bench.layers;

import dev.kiln.dsl.Activation;
import dev.kiln.dsl.Conv2d;
import dev.kiln.dsl.Layer;
import dev.kiln.dsl.Loss;
import dev.kiln.dsl.Network;

/** FashionCnn's second conv: 64 filters 3x3, same padding, ReLU, on (32, 14, 14). */
@Network(channels = 32, height = 14, width = 14, loss = Loss.MEAN_SQUARED_ERROR)
public abstract class FashionCnnConv2 {
    @Conv2d(filters = 64, kernel = 3, same = true, activation = Activation.RELU) Layer conv2;
}
