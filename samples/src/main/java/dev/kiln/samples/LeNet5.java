package dev.kiln.samples;

import dev.kiln.dsl.Activation;
import dev.kiln.dsl.Conv2d;
import dev.kiln.dsl.Dense;
import dev.kiln.dsl.Flatten;
import dev.kiln.dsl.Layer;
import dev.kiln.dsl.Loss;
import dev.kiln.dsl.MaxPool2d;
import dev.kiln.dsl.Network;

/** LeNet-5 (LeCun et al., 1998) as the course gives it, with ReLU and max pooling: 61,706 parameters. */
@Network(channels = 1, height = 28, width = 28, loss = Loss.SOFTMAX_CROSS_ENTROPY)
public abstract class LeNet5 {
    @Conv2d(filters = 6, kernel = 5, padding = 2, activation = Activation.RELU) Layer c1;
    @MaxPool2d(size = 2) Layer s2;
    @Conv2d(filters = 16, kernel = 5, activation = Activation.RELU) Layer c3;
    @MaxPool2d(size = 2) Layer s4;
    @Conv2d(filters = 120, kernel = 5, activation = Activation.RELU) Layer c5;
    @Flatten Layer flat;
    @Dense(units = 84, activation = Activation.RELU) Layer f6;
    @Dense(units = 10) Layer out;
}
