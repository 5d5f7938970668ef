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
 * LeNet-5's layers under the same names with a five-class head: the second network of the tour's
 * transfer-learning example. Its backbone ({@code c1}, {@code c3}, {@code c5}, {@code f6}) loads
 * from a LeNet-5 checkpoint with {@code --init-from}; {@code out} (5 x 84 here, 10 x 84 there) is
 * skipped and learns the new classes:
 * {@code kiln train LeNet5FiveClasses --classes 5,6,7,8,9 --train-images 300 --init-from runs/LeNet5/best.safetensors --freeze c1,c3,c5,f6}.
 */
@Network(channels = 1, height = 28, width = 28, loss = Loss.SOFTMAX_CROSS_ENTROPY)
public abstract class LeNet5FiveClasses {
    @Conv2d(filters = 6, kernel = 5, padding = 2, activation = Activation.RELU) Layer c1;
    @MaxPool2d(size = 2) Layer s2;
    @Conv2d(filters = 16, kernel = 5, activation = Activation.RELU) Layer c3;
    @MaxPool2d(size = 2) Layer s4;
    @Conv2d(filters = 120, kernel = 5, activation = Activation.RELU) Layer c5;
    @Flatten Layer flat;
    @Dense(units = 84, activation = Activation.RELU) Layer f6;
    @Dense(units = 5) Layer out;
}
