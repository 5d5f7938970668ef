package dev.kiln.samples;

import dev.kiln.dsl.Activation;
import dev.kiln.dsl.Conv2d;
import dev.kiln.dsl.Dense;
import dev.kiln.dsl.Flatten;
import dev.kiln.dsl.Layer;
import dev.kiln.dsl.Loss;
import dev.kiln.dsl.MaxPool2d;
import dev.kiln.dsl.Network;

/**
 * A binary classifier: footwear (sandal, sneaker, ankle boot) against the rest of Fashion-MNIST,
 * with one sigmoid unit and binary cross-entropy. {@code kiln train FootwearClassifier} trains it
 * with the runtime's {@code Task.footwear()}.
 */
@Network(channels = 1, height = 28, width = 28, loss = Loss.BINARY_CROSS_ENTROPY)
public abstract class FootwearClassifier {
    @Conv2d(filters = 8, kernel = 5, activation = Activation.RELU) Layer c1;
    @MaxPool2d(size = 2) Layer p1;
    @Conv2d(filters = 16, kernel = 5, activation = Activation.RELU) Layer c2;
    @MaxPool2d(size = 2) Layer p2;
    @Flatten Layer flat;
    @Dense(units = 32, activation = Activation.RELU) Layer fc;
    @Dense(units = 1, activation = Activation.SIGMOID) Layer out;
}
