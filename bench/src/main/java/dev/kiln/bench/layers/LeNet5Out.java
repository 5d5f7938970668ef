package dev.kiln.bench.layers;

import dev.kiln.dsl.Dense;
import dev.kiln.dsl.Flatten;
import dev.kiln.dsl.Layer;
import dev.kiln.dsl.Loss;
import dev.kiln.dsl.Network;

/** LeNet5's out: dense 10 logits on f6's 84 values, softmax cross-entropy. */
@Network(channels = 84, height = 1, width = 1, loss = Loss.SOFTMAX_CROSS_ENTROPY)
public abstract class LeNet5Out {
    @Flatten Layer flat;
    @Dense(units = 10) Layer out;
}
